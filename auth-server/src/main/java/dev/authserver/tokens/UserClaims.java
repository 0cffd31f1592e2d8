package dev.authserver.tokens;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import dev.authserver.users.UserAccount;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;

/**
 * The standard claims this server holds about a user, and which of them each scope stands
 * for: {@code profile} for {@code name} and {@code preferred_username}, {@code email} for
 * {@code email} and {@code email_verified}. The ID token and the UserInfo endpoint both
 * take their claims from here.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims">OpenID
 * Connect Core §5.4</a>
 */
final class UserClaims {

	private static final Map<String, List<String>> BY_SCOPE = Map.of(OidcScopes.PROFILE,
			List.of(StandardClaimNames.NAME, StandardClaimNames.PREFERRED_USERNAME), OidcScopes.EMAIL,
			List.of(StandardClaimNames.EMAIL, StandardClaimNames.EMAIL_VERIFIED));

	private UserClaims() {
	}

	/**
	 * The names of the claims these scopes stand for, followed by those asked for one by
	 * one (the {@code claims} parameter).
	 */
	static Set<String> names(Set<String> scopes, Set<String> requested) {
		Set<String> names = new LinkedHashSet<>();
		BY_SCOPE.forEach((scope, claims) -> {
			if (scopes.contains(scope)) {
				names.addAll(claims);
			}
		});
		names.addAll(requested);
		return names;
	}

	/**
	 * Hands each of the named claims that the account has to {@code claims}; a name this
	 * server holds nothing for is skipped.
	 */
	static void add(UserAccount account, Set<String> names, BiConsumer<String, Object> claims) {
		if (names.contains(StandardClaimNames.NAME) && account.displayName() != null) {
			claims.accept(StandardClaimNames.NAME, account.displayName());
		}
		if (names.contains(StandardClaimNames.PREFERRED_USERNAME)) {
			claims.accept(StandardClaimNames.PREFERRED_USERNAME, account.username());
		}
		if (account.email() != null) {
			if (names.contains(StandardClaimNames.EMAIL)) {
				claims.accept(StandardClaimNames.EMAIL, account.email());
			}
			if (names.contains(StandardClaimNames.EMAIL_VERIFIED)) {
				claims.accept(StandardClaimNames.EMAIL_VERIFIED, account.emailVerified());
			}
		}
	}

}
