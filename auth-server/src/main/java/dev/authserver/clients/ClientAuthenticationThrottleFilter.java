package dev.authserver.clients;

import java.io.IOException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.protocol.ClientEndpointFilter;
import dev.authserver.protocol.OAuth2ErrorResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.web.authentication.ClientSecretBasicAuthenticationConverter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Refuses requests to the client-authenticated endpoints from an address that failed too
 * often, for one client id or for any, with 429, {@code Retry-After} and the OAuth error
 * {@code invalid_client}, before any secret is checked. Other clients, and the same
 * client from other addresses, pass untouched.
 */
class ClientAuthenticationThrottleFilter extends ClientEndpointFilter {

	private static final OAuth2Error THROTTLED = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
			"Too many failed client authentications: retry later", null);

	/**
	 * The framework's own reading of HTTP Basic client credentials (RFC 6749 §2.3.1,
	 * form-encoded).
	 */
	private final ClientSecretBasicAuthenticationConverter basicCredentials = new ClientSecretBasicAuthenticationConverter();

	private final ClientAuthenticationThrottle throttle;

	public ClientAuthenticationThrottleFilter(RequestMatcher endpoints, ClientAuthenticationThrottle throttle) {
		super(endpoints);
		this.throttle = throttle;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.throttle.isThrottled(clientId(request), request.getRemoteAddr())) {
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(this.throttle.retryAfter().toSeconds()));
			OAuth2ErrorResponses.send(response, HttpStatus.TOO_MANY_REQUESTS, THROTTLED);
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * The client id of HTTP Basic, or of the form's {@code client_id} (which client
	 * assertions need too: the framework refuses an assertion without it before any
	 * client is looked up). Null when the request names none.
	 */
	private String clientId(HttpServletRequest request) {
		try {
			Authentication basic = this.basicCredentials.convert(request);
			if (basic != null) {
				return basic.getName();
			}
		}
		catch (OAuth2AuthenticationException ex) {
			// Malformed Basic credentials name no client; the endpoint answers them.
			return null;
		}
		return request.getParameter(OAuth2ParameterNames.CLIENT_ID);
	}

}
