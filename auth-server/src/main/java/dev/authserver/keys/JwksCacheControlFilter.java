package dev.authserver.keys;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets clients cache the JWKS for {@code authserver.keys.jwks-max-age}. A new key is published at least that long
 * before it signs, so a resource server's cached copy always holds the key of any token it meets.
 * <p>
 * Spring Security sends {@code Cache-Control: no-store} by default, but leaves a header already set alone.
 */
public class JwksCacheControlFilter extends OncePerRequestFilter {

	private final RequestMatcher jwksRequests;

	private final String cacheControl;

	public JwksCacheControlFilter(String jwkSetEndpoint, Duration maxAge) {
		this.jwksRequests = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, jwkSetEndpoint);
		this.cacheControl = "public, max-age=" + maxAge.toSeconds();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.jwksRequests.matches(request)) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		}
		chain.doFilter(request, response);
	}

}
