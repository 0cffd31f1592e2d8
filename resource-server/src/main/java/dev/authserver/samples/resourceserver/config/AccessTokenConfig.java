package dev.authserver.samples.resourceserver.config;

import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Decodes and validates the auth-server's access tokens, configured through Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties.
 */
@Configuration(proxyBeanMethods = false)
class AccessTokenConfig {

	private static final Logger log = LoggerFactory.getLogger(AccessTokenConfig.class);

	/**
	 * Accepts only signed RFC 9068 access tokens ({@code typ: at+jwt}) from the
	 * configured issuer whose {@code aud} names this API. Timestamps are checked by
	 * {@code JwtTimestampValidator}, whose default 60 seconds of clock skew is enough
	 * between two servers that both run NTP.
	 * <p>
	 * The JWKS is not read at startup, so the API starts while the auth-server is down.
	 * It is fetched on the first token and cached; a token whose {@code kid} is not in
	 * the cached set makes the decoder fetch the set again, so a rotated signing key is
	 * accepted without a restart.
	 * <p>
	 * A certificate-bound token ({@code cnf.x5t#S256}) needs the caller's TLS client
	 * certificate to match; a DPoP-bound one ({@code cnf.jkt}) is checked against its
	 * proof by the resource server's DPoP support, which decodes the token with this
	 * decoder too.
	 *
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-3">RFC 8705 §3</a>
	 */
	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		String issuerUri = jwt.getIssuerUri();
		String jwkSetUri = jwt.getJwkSetUri();
		List<String> audiences = jwt.getAudiences();
		Assert.state(StringUtils.hasText(issuerUri),
				"spring.security.oauth2.resourceserver.jwt.issuer-uri must be set");
		Assert.state(StringUtils.hasText(jwkSetUri),
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri must be set");
		// RFC 9068 §4: a resource server must reject a token that was not issued for it.
		Assert.state(!audiences.isEmpty(), "spring.security.oauth2.resourceserver.jwt.audiences must name this API");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
			.jwsAlgorithms(
					(algorithms) -> jwt.getJwsAlgorithms().forEach((name) -> algorithms.add(signatureAlgorithm(name))))
			.build();
		OAuth2TokenValidator<Jwt> accessTokens = JwtValidators.createAtJwtValidator()
			.issuer(issuerUri)
			// Boot's audiences property means "aud contains at least one of these"; keep
			// that meaning.
			.validators((validators) -> validators.put(JwtClaimNames.AUD,
					new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
							(aud) -> aud != null && !Collections.disjoint(aud, audiences))))
			// Any client of the auth-server may call this API; the claim only has to be
			// there.
			.validators((validators) -> validators.put("client_id",
					new JwtClaimValidator<String>("client_id", StringUtils::hasText)))
			.build();
		// RFC 8705 §3: a token whose cnf names a certificate (x5t#S256) is accepted only
		// over a TLS connection on which the caller presented that certificate. The
		// framework's X509CertificateThumbprintValidator checks it (and lets a token
		// without cnf.x5t#S256 through), but it is package-private and only the
		// createDefault* validators include it, not the RFC 9068 one above. Those also
		// add
		// a typ check that allows only JWT unless the list already has a
		// JwtTypeValidator,
		// hence the at+jwt one here (the same as the RFC 9068 validator's own).
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
				List.of(new JwtTypeValidator(List.of("at+jwt", "application/at+jwt")), accessTokens)));
		log.info("Accepting {} access tokens issued by {} for audience {}, keys from {}", jwt.getJwsAlgorithms(),
				issuerUri, audiences, jwkSetUri);
		return decoder;
	}

	/**
	 * {@link SignatureAlgorithm} names only asymmetric algorithms, so neither
	 * {@code none} nor an HMAC algorithm can be configured: a token signed with the
	 * public key as an HMAC secret never verifies.
	 */
	private static SignatureAlgorithm signatureAlgorithm(String name) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
		if (algorithm == null) {
			throw new InvalidConfigurationPropertyValueException(
					"spring.security.oauth2.resourceserver.jwt.jws-algorithms", name,
					"Not an asymmetric JWS algorithm");
		}
		return algorithm;
	}

}
