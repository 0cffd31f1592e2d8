package dev.authserver.config;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter for the POSTs to the endpoints where clients authenticate (token, introspection, revocation), and no other
 * request.
 */
abstract class ClientEndpointFilter extends OncePerRequestFilter {

	private final Set<String> endpoints;

	ClientEndpointFilter(Set<String> endpoints) {
		this.endpoints = Set.copyOf(endpoints);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && this.endpoints.contains(request.getRequestURI()));
	}

}
