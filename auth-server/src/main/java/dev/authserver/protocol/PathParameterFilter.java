package dev.authserver.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path carries parameters ({@code /path;name=value}) with 400,
 * before anything parses the path. No URL of this server has them, and Spring Security's
 * firewall refuses them anyway, but Spring's path parser runs first and fails with a 500
 * on a parameter value that is not valid percent-encoding.
 * <p>
 * The answer is written here rather than by the error page, whose dispatch would parse
 * the same path again.
 * <p>
 * No upstream issue found as of 2026-12; the 500 comes from Spring Framework's
 * {@code DefaultPathContainer.parsePathParamValues} (via {@code StringUtils.uriDecode}).
 */
class PathParameterFilter extends OncePerRequestFilter {

	private static final OAuth2Error PATH_PARAMETERS = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
			"Path parameters are not accepted", null);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getRequestURI().indexOf(';') >= 0) {
			OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST, PATH_PARAMETERS);
			return;
		}
		chain.doFilter(request, response);
	}

}
