package dev.authserver.protocol;

import java.util.Set;
import java.util.function.Predicate;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * When the consent page is shown: the framework's rule (a client that requires consent,
 * for a scope beyond {@code openid} the user has not approved yet), and also whenever
 * {@code prompt=consent} asks for it and there is a scope beyond {@code openid} to
 * approve. The framework's own rule is private in
 * {@code OAuth2AuthorizationCodeRequestAuthenticationProvider}, so it is repeated here.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest">OpenID
 * Connect Core §3.1.2.1</a>
 */
final class PromptedConsent implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	@Override
	public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
		Set<String> scopes = request.getScopes();
		if (scopes.contains(OidcScopes.OPENID) && scopes.size() == 1) {
			return false;
		}
		if (scopes.contains(OidcScopes.OPENID)
				&& SignInRequirementsFilter.promptValues(request.getAdditionalParameters())
					.contains(SignInRequirementsFilter.CONSENT)) {
			return true;
		}
		ClientSettings settings = context.getRegisteredClient().getClientSettings();
		if (!settings.isRequireAuthorizationConsent()) {
			return false;
		}
		return context.getAuthorizationConsent() == null
				|| !context.getAuthorizationConsent().getScopes().containsAll(scopes);
	}

}
