package dev.authserver.tokens;

import java.util.Set;

import dev.authserver.users.JdbcUserAccountRepository;

import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the user's standard claims to ID tokens ({@link UserClaims}): those the granted
 * scopes stand for, and those the authorization request asked for in the ID token by its
 * {@code claims} parameter ({@link RequestedClaims}).
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims">OpenID
 * Connect Core §5.4</a>
 * @see <a href=
 * "https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter">OpenID Connect
 * Core §5.5</a>
 */
class IdTokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final JdbcUserAccountRepository accounts;

	IdTokenClaimsCustomizer(JdbcUserAccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			return;
		}
		Set<String> names = UserClaims.names(context.getAuthorizedScopes(),
				RequestedClaims.of(context.getAuthorization()).idToken());
		JwtClaimsSet.Builder claims = context.getClaims();
		this.accounts.findByUsername(context.getPrincipal().getName())
			.ifPresent((account) -> UserClaims.add(account, names, claims::claim));
	}

}
