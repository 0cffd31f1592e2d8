package dev.authserver.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.Base64;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests to the client-authenticated endpoints from a client id or address that failed too often, with
 * 429, {@code Retry-After} and the OAuth error {@code invalid_client}, before any secret is checked. Other clients
 * pass untouched.
 */
class ClientAuthenticationThrottleFilter extends OncePerRequestFilter {

	private static final String BASIC = "Basic ";

	private static final String THROTTLED = """
			{"error":"invalid_client","error_description":"Too many failed client authentications: retry later"}""";

	private final Set<String> endpoints;

	private final ClientAuthenticationThrottle throttle;

	ClientAuthenticationThrottleFilter(Set<String> endpoints, ClientAuthenticationThrottle throttle) {
		this.endpoints = Set.copyOf(endpoints);
		this.throttle = throttle;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && this.endpoints.contains(request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.throttle.isThrottled(clientId(request), request.getRemoteAddr())) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(this.throttle.retryAfter().toSeconds()));
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getOutputStream().write(THROTTLED.getBytes(StandardCharsets.UTF_8));
			return;
		}
		chain.doFilter(request, response);
	}

	/** The client id of HTTP Basic, or of the form's {@code client_id}; null when the request names none. */
	private static String clientId(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			try {
				String credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
						StandardCharsets.UTF_8);
				int colon = credentials.indexOf(':');
				// RFC 6749 §2.3.1: the client id is form-encoded inside the Basic credentials.
				return (colon > 0) ? URLDecoder.decode(credentials.substring(0, colon), StandardCharsets.UTF_8)
						: null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return request.getParameter("client_id");
	}

}
