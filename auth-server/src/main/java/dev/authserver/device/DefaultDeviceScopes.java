package dev.authserver.device;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The framework's device authorization request, with the client's registered scopes when
 * it names none (RFC 6749 §3.3 lets the server use a default). Without a scope the
 * framework would store a request that no user can approve: its consent step counts an
 * approval without scopes as a denial. {@code openid} is left out of the default, since
 * the framework refuses it in a device request (its device grant issues no ID token).
 */
class DefaultDeviceScopes implements AuthenticationProvider {

	private final AuthenticationProvider deviceAuthorizationRequests;

	DefaultDeviceScopes(AuthenticationProvider deviceAuthorizationRequests) {
		this.deviceAuthorizationRequests = deviceAuthorizationRequests;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceAuthorizationRequestAuthenticationToken request = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		if (!request.getScopes().isEmpty()
				|| !(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return this.deviceAuthorizationRequests.authenticate(request);
		}
		RegisteredClient registeredClient = client.getRegisteredClient();
		Set<String> scopes = new LinkedHashSet<>(registeredClient.getScopes());
		scopes.remove(OidcScopes.OPENID);
		if (scopes.isEmpty()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
					"The client has no scope to ask for", "https://datatracker.ietf.org/doc/html/rfc8628#section-3.1"));
		}
		OAuth2DeviceAuthorizationRequestAuthenticationToken withScopes = new OAuth2DeviceAuthorizationRequestAuthenticationToken(
				client, request.getAuthorizationUri(), scopes, request.getAdditionalParameters());
		withScopes.setDetails(request.getDetails());
		return this.deviceAuthorizationRequests.authenticate(withScopes);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.deviceAuthorizationRequests.supports(authentication);
	}

}
