package dev.authserver.device;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Public clients (token endpoint auth method {@code none}) at the device authorization
 * endpoint and in their device-code token requests, which carry only a {@code client_id}
 * (RFC 8628 §3.1, §3.4). The framework authenticates a public client only in a token
 * request with a PKCE {@code code_verifier}, so a TV or CLI app without a secret could
 * not use the grant; its own samples add the same pair of converter and provider.
 * <p>
 * The converter runs after all of the framework's: it sees only requests that carry no
 * credentials at all, and the provider accepts only clients registered with {@code none}
 * and the device code grant. A confidential client that leaves out its secret is refused
 * with {@code invalid_client}.
 */
final class PublicDeviceClients {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2.1";

	private PublicDeviceClients() {
	}

	/**
	 * @param deviceAuthorizationEndpoint matches the device authorization endpoint
	 */
	static AuthenticationConverter converter(RequestMatcher deviceAuthorizationEndpoint) {
		return (request) -> {
			if (!"POST".equals(request.getMethod()) || hasCredentials(request)
					|| !(deviceAuthorizationEndpoint.matches(request) || isDeviceCodeTokenRequest(request))) {
				return null;
			}
			String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (clientIds == null) {
				return null;
			}
			if (clientIds.length != 1 || clientIds[0].isBlank()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
			}
			return new Request(clientIds[0]);
		};
	}

	static AuthenticationProvider provider(RegisteredClientRepository clients) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				String clientId = (String) authentication.getPrincipal();
				RegisteredClient client = clients.findByClientId(clientId);
				if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
						|| !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
					throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
							"Client authentication failed", ERROR_URI));
				}
				return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return Request.class.isAssignableFrom(authentication);
			}

		};
	}

	private static boolean hasCredentials(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE) != null
				// A client certificate (RFC 8705) is a credential too.
				|| request.getAttribute("jakarta.servlet.request.X509Certificate") != null;
	}

	private static boolean isDeviceCodeTokenRequest(HttpServletRequest request) {
		return AuthorizationGrantType.DEVICE_CODE.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
	}

	/**
	 * A public client's request, of its own type so that the framework's public client
	 * provider (PKCE only) leaves it to ours.
	 */
	static final class Request extends OAuth2ClientAuthenticationToken {

		Request(String clientId) {
			super(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
		}

	}

}
