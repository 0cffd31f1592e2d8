package dev.authserver.availability;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request that failed because the database cannot be reached with {@code 503}
 * and {@code Retry-After}, through the error page: protocol endpoints get
 * {@code temporarily_unavailable} (RFC 6749 §4.1.2.1, §5.2), browsers the error page.
 * Outside Spring Session's and Spring Security's filters, so a session that cannot be
 * loaded or saved is answered the same way. Nothing the request would have written was
 * written, so the client may simply retry; any other failure goes on to the container's
 * error handling as before.
 */
class DatabaseUnavailableFilter extends OncePerRequestFilter {

	private static final String FAILED = DatabaseUnavailableFilter.class.getName() + ".failed";

	private final String retryAfter;

	private final OutageWarnings warnings = new OutageWarnings(LoggerFactory.getLogger(DatabaseUnavailableFilter.class),
			"requests answered 503");

	DatabaseUnavailableFilter(Duration retryAfter) {
		this.retryAfter = Long.toString(Math.max(1, retryAfter.toSeconds()));
	}

	/** The error page of a request this filter answered needs it too: see below. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(FAILED) != null) {
			// Its error page, rendered without the request's cookies: Spring Session and
			// Spring Security would read its session from the database again, and fail.
			chain.doFilter(new WithoutCookies(request), response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			if (!DatabaseUnavailable.causedBy(ex)) {
				throw ex;
			}
			this.warnings.failed(ex);
			if (!response.isCommitted()) {
				request.setAttribute(FAILED, Boolean.TRUE);
				response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfter);
				response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
			}
		}
	}

	private static final class WithoutCookies extends HttpServletRequestWrapper {

		WithoutCookies(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Cookie[] getCookies() {
			return null;
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.COOKIE.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.COOKIE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

	}

}
