package dev.authserver.tokens;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens as RFC 9068 JWTs: header {@code typ: at+jwt}, the resource servers
 * as {@code aud} (those the client named with {@code resource}, or the default audience;
 * see {@link ResourceIndicators}) (and this issuer when {@code openid} is granted, for
 * the UserInfo endpoint), a {@code client_id} claim, and {@code scope} as a string. The
 * framework already sets {@code iss}, {@code sub}, {@code iat}, {@code exp} and
 * {@code jti}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2">RFC 9068 §2</a>
 */
class AccessTokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String ACCESS_TOKEN_JWT_TYPE = "at+jwt";

	private final ResourceIndicators resourceIndicators;

	AccessTokenClaimsCustomizer(ResourceIndicators resourceIndicators) {
		this.resourceIndicators = resourceIndicators;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		// A mutable list: the claims are stored with the authorization, and the
		// framework's JSON type allow-list
		// rejects the JDK's immutable collections when they are read back.
		List<String> audience = new ArrayList<>(this.resourceIndicators.audience(context));
		if (context.getAuthorizedScopes().contains(OidcScopes.OPENID)) {
			// The UserInfo endpoint is a resource of this server: it accepts only tokens
			// meant for it.
			audience.add(context.getAuthorizationServerContext().getIssuer());
		}
		context.getJwsHeader().type(ACCESS_TOKEN_JWT_TYPE);
		context.getClaims().audience(audience).claim("client_id", context.getRegisteredClient().getClientId());
		// RFC 9068 §2.2.3: a space-separated string, where the framework would write a
		// JSON array; and none without scopes (RFC 6749 §3.3 has no empty scope), as the
		// framework does, rather than an empty string.
		if (!context.getAuthorizedScopes().isEmpty()) {
			context.getClaims().claim(OAuth2ParameterNames.SCOPE, String.join(" ", context.getAuthorizedScopes()));
		}
	}

}
