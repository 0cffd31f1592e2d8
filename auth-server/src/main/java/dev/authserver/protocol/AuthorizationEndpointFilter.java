package dev.authserver.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter for the requests to the authorization endpoint (GET and POST), and no other
 * request. The base of the workarounds at that endpoint; each subclass names the
 * framework behaviour it works around.
 */
abstract class AuthorizationEndpointFilter extends OncePerRequestFilter {

	private final String authorizationEndpoint;

	AuthorizationEndpointFilter(String authorizationEndpoint) {
		this.authorizationEndpoint = authorizationEndpoint;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.authorizationEndpoint.equals(request.getRequestURI());
	}

}
