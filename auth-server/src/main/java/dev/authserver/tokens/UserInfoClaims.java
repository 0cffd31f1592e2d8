package dev.authserver.tokens;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.authserver.users.JdbcUserAccountRepository;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The UserInfo endpoint's claims, in place of the framework's, which copies the ID
 * token's claims that the access token's scopes stand for and so could return none that
 * the {@code claims} parameter asked for at the UserInfo endpoint only: {@code sub} as in
 * the ID token, then the user's claims ({@link UserClaims}) that the scopes stand for and
 * those the authorization request asked for under {@code userinfo}
 * ({@link RequestedClaims}), as they are now.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">OpenID
 * Connect Core §5.3</a>
 */
public final class UserInfoClaims implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private final JdbcUserAccountRepository accounts;

	UserInfoClaims(JdbcUserAccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		OidcIdToken idToken = authorization.getToken(OidcIdToken.class).getToken();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(StandardClaimNames.SUB, idToken.getSubject());
		Set<String> names = UserClaims.names(context.getAccessToken().getScopes(),
				RequestedClaims.of(authorization).userInfo());
		this.accounts.findByUsername(authorization.getPrincipalName())
			.ifPresent((account) -> UserClaims.add(account, names, claims::put));
		return new OidcUserInfo(claims);
	}

}
