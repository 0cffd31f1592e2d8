package dev.authserver.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter for the requests to the authorization endpoint (GET and POST), and no other
 * request, matched as the framework matches that endpoint. The base of the workarounds at
 * that endpoint; each subclass names the framework behaviour it works around.
 */
abstract class AuthorizationEndpointFilter extends OncePerRequestFilter {

	private final RequestMatcher authorizationEndpoint;

	AuthorizationEndpointFilter(String authorizationEndpoint) {
		this.authorizationEndpoint = PathPatternRequestMatcher.withDefaults().matcher(authorizationEndpoint);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.authorizationEndpoint.matches(request);
	}

}
