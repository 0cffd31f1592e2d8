package dev.authserver.protocol;

import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The access tokens of the protocol chain: the UserInfo endpoint takes one, as a bearer
 * or DPoP token (RFC 9449), and only that endpoint. Anywhere else in the chain an access
 * token would sign the user in, and the authorization endpoint would issue a new code for
 * it without a login; at the token endpoint an {@code Authorization: Bearer} header is a
 * client's mistake, answered with {@code invalid_client}.
 * {@code MalformedRequestTests.tokenRequestWhenClientSendsABearerTokenThenInvalidClientAsJson}
 * and {@code ...ADPoPAuthorizationThenInvalidClientAsJson} pin both.
 */
public final class UserInfoAccessTokens {

	private final RequestMatcher userInfo;

	public UserInfoAccessTokens(AuthorizationServerSettings settings) {
		this.userInfo = PathPatternRequestMatcher.withDefaults().matcher(settings.getOidcUserInfoEndpoint());
	}

	/**
	 * Reads bearer tokens at the UserInfo endpoint only.
	 * <p>
	 * No upstream issue found as of 2026-12; {@code DefaultBearerTokenResolver.resolve}
	 * reads the header on every request of the chain.
	 */
	public BearerTokenResolver bearerTokenResolver() {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return (request) -> this.userInfo.matches(request) ? resolver.resolve(request) : null;
	}

	/**
	 * Limits the DPoP filter to {@code Authorization: DPoP} at the UserInfo endpoint. The
	 * resource server adds it as a plain {@link AuthenticationFilter}, with no setting
	 * for where it applies, so it is found in the built chain.
	 * <p>
	 * Upstream: https://github.com/spring-projects/spring-security/issues/16940
	 */
	public DefaultSecurityFilterChain limitDPoPProofs(DefaultSecurityFilterChain chain) {
		RequestMatcher proofs = (request) -> this.userInfo.matches(request)
				&& StringUtils.startsWithIgnoreCase(request.getHeader(HttpHeaders.AUTHORIZATION), "DPoP");
		chain.getFilters()
			.stream()
			.filter(AuthenticationFilter.class::isInstance)
			.forEach((filter) -> ((AuthenticationFilter) filter).setRequestMatcher(proofs));
		return chain;
	}

	/**
	 * Decodes the tokens the UserInfo endpoint receives: only our own RS256 access tokens
	 * ({@code at+jwt}, our issuer, the issuer in {@code aud}), so an ID token or a token
	 * meant for another API cannot stand in.
	 *
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
	 */
	public static JwtDecoder decoder(JWKSource<SecurityContext> jwkSource, String issuer) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		OAuth2TokenValidator<Jwt> accessTokens = JwtValidators.createAtJwtValidator()
			.issuer(issuer)
			.audience(issuer)
			// Any of our clients may call UserInfo; the claim only has to be there.
			.validators((validators) -> validators.put("client_id",
					new JwtClaimValidator<String>("client_id", StringUtils::hasText)))
			.build();
		// The RFC 9068 validator leaves out one check of the defaults: a token bound to a
		// certificate (cnf.x5t#S256, RFC 8705 §3) is taken only with that certificate.
		// The
		// defaults would also want typ JWT, unless given a type validator of their own.
		decoder.setJwtValidator(JwtValidators
			.createDefaultWithValidators(List.of(new JwtTypeValidator("at+jwt", "application/at+jwt"), accessTokens)));
		return decoder;
	}

}
