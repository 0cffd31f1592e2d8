package dev.authserver.tokens;

import java.util.Set;

import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the user's standard claims to ID tokens, by the scopes granted: {@code profile}
 * gives {@code name} and {@code preferred_username}, {@code email} gives {@code email}
 * and {@code email_verified}. The UserInfo endpoint returns the same claims, as the
 * framework derives them from the ID token.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims">OpenID
 * Connect Core §5.4</a>
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
		Set<String> scopes = context.getAuthorizedScopes();
		JwtClaimsSet.Builder claims = context.getClaims();
		this.accounts.findByUsername(context.getPrincipal().getName()).ifPresent((account) -> {
			if (scopes.contains(OidcScopes.PROFILE)) {
				claims.claim(StandardClaimNames.NAME, account.displayName());
				claims.claim(StandardClaimNames.PREFERRED_USERNAME, account.username());
			}
			if (scopes.contains(OidcScopes.EMAIL) && account.email() != null) {
				claims.claim(StandardClaimNames.EMAIL, account.email());
				claims.claim(StandardClaimNames.EMAIL_VERIFIED, account.emailVerified());
			}
		});
	}

}
