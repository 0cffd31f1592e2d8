package dev.authserver.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter for the POSTs to the {@link ClientAuthenticatedEndpoints endpoints where
 * clients authenticate}, and no other request.
 */
public abstract class ClientEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher endpoints;

	protected ClientEndpointFilter(RequestMatcher endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && this.endpoints.matches(request));
	}

}
