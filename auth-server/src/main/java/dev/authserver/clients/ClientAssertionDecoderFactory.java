package dev.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestOperations;

/**
 * Decodes the client assertions of {@code private_key_jwt} and {@code client_secret_jwt}
 * clients (RFC 7523 §2.2): verifies the signature with the client's registered public
 * keys ({@code jwks} or {@code jwks_uri}) or its decrypted secret, checks the claims, and
 * accepts each assertion once.
 * <p>
 * On top of the framework's checks ({@code iss} and {@code sub} are the client id,
 * {@code aud} names this server or one of its endpoints, {@code exp} is present and not
 * past, {@code nbf}), an assertion must carry a {@code jti}, expire at most
 * {@link #MAX_LIFETIME} from now, and not have been used before, on any instance.
 * <p>
 * The framework's own factory keeps one decoder per client forever, so a rotated secret
 * or a new JWKS would not take effect until a restart. Here decoders are cached by the
 * key material itself: a changed client gets a new decoder as soon as the client cache
 * returns the change, and unused decoders age out.
 */
public class ClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

	/**
	 * The client setting holding the client's public keys (RFC 7591 {@code jwks}), as a
	 * JWK Set document.
	 */
	public static final String JWKS_SETTING = "settings.client.jwks";

	/** What {@code private_key_jwt} clients may sign with. */
	public static final List<SignatureAlgorithm> PRIVATE_KEY_JWT_ALGORITHMS = List.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.PS256, SignatureAlgorithm.ES256);

	/**
	 * What {@code client_secret_jwt} clients may sign with: HMAC with their secret of 256
	 * bits.
	 */
	public static final List<MacAlgorithm> CLIENT_SECRET_JWT_ALGORITHMS = List.of(MacAlgorithm.HS256);

	/**
	 * Every algorithm a client may sign its assertions with, whichever method it uses.
	 */
	public static final List<JwsAlgorithm> SIGNING_ALGORITHMS = Stream
		.concat(PRIVATE_KEY_JWT_ALGORITHMS.stream(), CLIENT_SECRET_JWT_ALGORITHMS.stream())
		.map(JwsAlgorithm.class::cast)
		.toList();

	/**
	 * How far in the future an assertion may expire. An assertion is made for one
	 * request; a short life bounds how long a stolen one is worth anything and how long
	 * its {@code jti} must be remembered.
	 */
	public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	/**
	 * The framework's timestamp validator allows this much clock skew; a used {@code jti}
	 * is kept as long beyond.
	 */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3";

	private static final Logger log = LoggerFactory.getLogger(ClientAssertionDecoderFactory.class);

	private final Cache<DecoderKey, JwtDecoder> decoders;

	private final Cache<DecoderKey, JwtDecoder> signatureVerifiers;

	private final ClientSecretEncoder secrets;

	private final JdbcUsedClientAssertions usedAssertions;

	private final RestOperations jwksClient;

	private final Clock clock;

	ClientAssertionDecoderFactory(ClientSecretEncoder secrets, JdbcUsedClientAssertions usedAssertions,
			RestOperations jwksClient, Clock clock, ClientCacheProperties cacheProperties) {
		this.secrets = secrets;
		this.usedAssertions = usedAssertions;
		this.jwksClient = jwksClient;
		this.clock = clock;
		this.decoders = Caffeine.newBuilder()
			.maximumSize(cacheProperties.maximumSize())
			.expireAfterAccess(Duration.ofHours(1))
			.build();
		this.signatureVerifiers = Caffeine.newBuilder()
			.maximumSize(cacheProperties.maximumSize())
			.expireAfterAccess(Duration.ofHours(1))
			.build();
	}

	/**
	 * A decoder that checks only that the client signed a JWT, with the key (or secret)
	 * and algorithm of its signed assertions, found as for them (its {@code jwks}, or its
	 * {@code jwks_uri} under the egress rules, cached), and refuses unsigned and
	 * encrypted JWTs. Its claims are the caller's to check: request objects (RFC 9101)
	 * have rules of their own.
	 * @throws OAuth2AuthenticationException with {@code invalid_client} when the client
	 * has no usable key
	 */
	public JwtDecoder signatureVerifier(RegisteredClient client) {
		return this.signatureVerifiers.get(DecoderKey.of(client), (key) -> {
			NimbusJwtDecoder decoder = keyVerifier(client);
			decoder.setJwtValidator((jwt) -> OAuth2TokenValidatorResult.success());
			return decoder;
		});
	}

	/**
	 * @throws OAuth2AuthenticationException with {@code invalid_client} when the client
	 * has no usable key
	 */
	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		JwtDecoder verifier = this.decoders.get(DecoderKey.of(client), (key) -> verifier(client));
		return (assertion) -> {
			Jwt jwt = verifier.decode(assertion);
			// Only a verified, valid assertion uses up its jti: a forged one must not
			// block the real one.
			Instant keepUntil = jwt.getExpiresAt().plus(CLOCK_SKEW);
			if (!this.usedAssertions.markUsed(client.getClientId(), jwt.getId(), keepUntil)) {
				log.warn("Client assertion replayed, refused: client_id={}", client.getClientId());
				throw new BadJwtException("The client assertion was used before");
			}
			return jwt;
		};
	}

	private JwtDecoder verifier(RegisteredClient client) {
		NimbusJwtDecoder decoder = keyVerifier(client);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client),
				this::checkUseAndLifetime));
		return decoder;
	}

	private NimbusJwtDecoder keyVerifier(RegisteredClient client) {
		JwsAlgorithm algorithm = signingAlgorithm(client);
		if (algorithm instanceof MacAlgorithm mac) {
			return secretVerifier(client, mac);
		}
		if (algorithm instanceof SignatureAlgorithm signature) {
			return publicKeyVerifier(client, signature);
		}
		throw noKey(client, "no token endpoint signing algorithm");
	}

	/**
	 * The algorithms a client with these methods may sign its assertions with, its
	 * method's default first; empty for a client that signs none.
	 */
	public static List<? extends JwsAlgorithm> assertionAlgorithms(Collection<ClientAuthenticationMethod> methods) {
		if (methods.contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			return PRIVATE_KEY_JWT_ALGORITHMS;
		}
		return methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT) ? CLIENT_SECRET_JWT_ALGORITHMS
				: List.of();
	}

	/**
	 * The signature or MAC algorithm of this JWS name ({@code RS256}, {@code HS256}…);
	 * null for none.
	 */
	public static JwsAlgorithm algorithmNamed(String name) {
		SignatureAlgorithm signature = SignatureAlgorithm.from(name);
		return (signature != null) ? signature : MacAlgorithm.from(name);
	}

	/** The client's algorithm, or the default of its method when none is set. */
	private static JwsAlgorithm signingAlgorithm(RegisteredClient client) {
		JwsAlgorithm configured = client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
		if (configured != null) {
			return configured;
		}
		List<? extends JwsAlgorithm> algorithms = assertionAlgorithms(client.getClientAuthenticationMethods());
		return algorithms.isEmpty() ? null : algorithms.get(0);
	}

	private NimbusJwtDecoder secretVerifier(RegisteredClient client, MacAlgorithm algorithm) {
		if (!CLIENT_SECRET_JWT_ALGORITHMS.contains(algorithm)
				|| !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT)) {
			throw noKey(client, "its algorithm " + algorithm.getName() + " is not one of client_secret_jwt's");
		}
		if (!this.secrets.isEncrypted(client.getClientSecret())) {
			log.warn("Client {} uses client_secret_jwt but its secret is stored hashed: rotate its secret so the "
					+ "server can verify its assertions", client.getClientId());
			throw noKey(client, "its secret is not stored readable");
		}
		String secret;
		try {
			secret = this.secrets.decrypt(client.getClientSecret());
		}
		catch (IllegalStateException ex) {
			log.error("Cannot read the secret of client {}: {}", client.getClientId(), ex.getMessage());
			throw noKey(client, "its secret cannot be read");
		}
		return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
			.macAlgorithm(algorithm)
			.build();
	}

	private NimbusJwtDecoder publicKeyVerifier(RegisteredClient client, SignatureAlgorithm algorithm) {
		if (!PRIVATE_KEY_JWT_ALGORITHMS.contains(algorithm)
				|| !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT)) {
			throw noKey(client, "its algorithm " + algorithm.getName() + " is not one of private_key_jwt's");
		}
		String jwks = client.getClientSettings().getSetting(JWKS_SETTING);
		if (StringUtils.hasText(jwks)) {
			try {
				return NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(JWKSet.parse(jwks)))
					.jwsAlgorithm(algorithm)
					.build();
			}
			catch (ParseException ex) {
				log.warn("The stored jwks of client {} is not a JWK Set: {}", client.getClientId(), ex.getMessage());
				throw noKey(client, "its jwks cannot be read");
			}
		}
		String jwksUri = client.getClientSettings().getJwkSetUrl();
		if (StringUtils.hasText(jwksUri)) {
			return NimbusJwtDecoder.withJwkSetUri(jwksUri)
				.jwsAlgorithm(algorithm)
				.restOperations(this.jwksClient)
				.build();
		}
		throw noKey(client, "it has neither jwks nor jwks_uri");
	}

	/**
	 * The checks of RFC 7523 §3 the framework leaves out: a {@code jti} to remember, and
	 * a short life.
	 */
	private OAuth2TokenValidatorResult checkUseAndLifetime(Jwt jwt) {
		String jti = jwt.getId();
		if (!StringUtils.hasText(jti) || jti.length() > JdbcUsedClientAssertions.MAX_JTI_LENGTH) {
			return invalid("The client assertion must have a jti of at most " + JdbcUsedClientAssertions.MAX_JTI_LENGTH
					+ " characters");
		}
		Instant latestExpiry = this.clock.instant().plus(MAX_LIFETIME).plus(CLOCK_SKEW);
		if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(latestExpiry)) {
			return invalid("The client assertion must expire within " + MAX_LIFETIME.toMinutes() + " minutes");
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static OAuth2TokenValidatorResult invalid(String description) {
		return OAuth2TokenValidatorResult
			.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, ERROR_URI));
	}

	/**
	 * Refused with {@code invalid_client}, as a wrong signature would be; the reason goes
	 * to the debug log only.
	 */
	private static OAuth2AuthenticationException noKey(RegisteredClient client, String reason) {
		log.debug("Client assertion of client {} cannot be verified: {}", client.getClientId(), reason);
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
				"Client authentication failed: no key to verify the assertion with", ERROR_URI));
	}

	/**
	 * What a decoder depends on: any change to the client's key material makes a new key.
	 * The secret is the stored, encrypted form.
	 */
	private record DecoderKey(String id, JwsAlgorithm algorithm, Set<ClientAuthenticationMethod> methods, String secret,
			String jwks, String jwksUri) {

		static DecoderKey of(RegisteredClient client) {
			return new DecoderKey(client.getId(), signingAlgorithm(client), client.getClientAuthenticationMethods(),
					client.getClientSecret(), client.getClientSettings().getSetting(JWKS_SETTING),
					client.getClientSettings().getJwkSetUrl());
		}

	}

}
