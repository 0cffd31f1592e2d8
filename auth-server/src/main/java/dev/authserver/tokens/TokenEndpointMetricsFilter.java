package dev.authserver.tokens;

import java.io.IOException;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times every token request, by grant type and outcome, with a latency histogram. The
 * token endpoint is a filter of the framework, not an MVC handler, so Boot's
 * {@code http.server.requests} cannot tell it from other requests.
 * <p>
 * Only known grant types become tags: the parameter is the caller's, and unbounded tag
 * values would exhaust memory.
 * <p>
 * The token requests are matched as the framework's token endpoint matches them.
 */
class TokenEndpointMetricsFilter extends OncePerRequestFilter {

	private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "client_credentials", "refresh_token");

	private final RequestMatcher tokenRequests;

	private final MeterRegistry registry;

	public TokenEndpointMetricsFilter(String tokenEndpoint, MeterRegistry registry) {
		this.tokenRequests = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, tokenEndpoint);
		this.registry = registry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.tokenRequests.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Timer.Sample sample = Timer.start(this.registry);
		try {
			chain.doFilter(request, response);
		}
		finally {
			sample.stop(Timer.builder("authserver.token.requests")
				.description("Token endpoint requests")
				.tag("grant_type", grantType(request))
				.tag("outcome", (response.getStatus() < 400) ? "success" : "error")
				.publishPercentileHistogram()
				.register(this.registry));
		}
	}

	/**
	 * A known grant type, or {@code other}. Parameters that cannot be parsed (invalid
	 * percent-encoding, too many) make every read of them throw, and this runs after the
	 * request has been answered.
	 */
	private static String grantType(HttpServletRequest request) {
		try {
			String grantType = request.getParameter("grant_type");
			return (grantType != null && GRANT_TYPES.contains(grantType)) ? grantType : "other";
		}
		catch (IllegalStateException ex) {
			return "other";
		}
	}

}
