package dev.authserver.protocol;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Refuses an authorization request whose {@code state} is too long to send back, on the
 * error page. Every answer to the client's redirect URI carries the state, and Tomcat
 * fails with a 500 when the redirect's headers outgrow its 8 KB buffer: a posted
 * authorization request can carry a state of up to 64 KB. Clients keep a state short (a
 * random value, or a key to what they stored); 2 KB URL-encoded leaves room for the
 * redirect URI, the code and {@code iss}.
 * <p>
 * No upstream issue found as of 2026-12; the framework puts the state into the redirect
 * unbounded in {@code OAuth2AuthorizationEndpointFilter.sendAuthorizationResponse} and
 * {@code sendErrorResponse}.
 */
class LongStateFilter extends AuthorizationEndpointFilter {

	static final int MAX_ENCODED_STATE_LENGTH = 2048;

	private static final OAuth2Error STATE_TOO_LONG = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
			"state is longer than " + MAX_ENCODED_STATE_LENGTH + " characters once URL-encoded", null);

	LongStateFilter(String authorizationEndpoint) {
		super(authorizationEndpoint);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String[] states = request.getParameterValues(OAuth2ParameterNames.STATE);
		if (states != null) {
			for (String state : states) {
				if (URLEncoder.encode(state, StandardCharsets.UTF_8).length() > MAX_ENCODED_STATE_LENGTH) {
					OAuth2ErrorPage.send(request, response, STATE_TOO_LONG);
					return;
				}
			}
		}
		chain.doFilter(request, response);
	}

}
