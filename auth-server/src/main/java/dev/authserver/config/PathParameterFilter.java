package dev.authserver.config;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path carries parameters ({@code /path;name=value}) with 400, before anything parses the
 * path. No URL of this server has them, and Spring Security's firewall refuses them anyway, but Spring's path parser
 * runs first and fails with a 500 on a parameter value that is not valid percent-encoding.
 * <p>
 * The answer is written here rather than by the error page, whose dispatch would parse the same path again.
 */
class PathParameterFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getRequestURI().indexOf(';') >= 0) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getWriter()
				.write("{\"error\":\"invalid_request\",\"error_description\":\"Path parameters are not accepted\"}");
			return;
		}
		chain.doFilter(request, response);
	}

}
