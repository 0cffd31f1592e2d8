package dev.authserver.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose path is not spelled the one way this server's URLs are, with
 * 400, before any other guard looks at the path: one that carries parameters
 * ({@code /path;name=value}) or percent-encodes an unreserved character
 * ({@code /oauth2/%74oken}).
 * <p>
 * RFC 3986 §2.3 makes {@code %74} and {@code t} the same character, and the framework
 * matches its endpoints on the decoded path, so {@code /oauth2/%74oken} is the token
 * endpoint; a guard comparing the raw path would let it by. No URL of this server has
 * either spelling, so refusing them here keeps every later comparison exact. Such a path
 * is answered as Spring Security's firewall answers one that is not normalized (which it
 * refuses only later, after our guards): {@code invalid_request} as JSON at the endpoints
 * where clients authenticate, the error page elsewhere.
 * <p>
 * Path parameters are refused here as well, and answered as JSON whatever the path: no
 * URL has them and the firewall would refuse them too, but Spring's path parser runs
 * first and fails with a 500 on a parameter value that is not valid percent-encoding, and
 * the error page's dispatch would parse the same path again. No upstream issue found as
 * of 2026-12; the 500 comes from Spring Framework's
 * {@code DefaultPathContainer.parsePathParamValues} (via {@code StringUtils.uriDecode}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3986#section-6.2.2.2">RFC 3986
 * §6.2.2.2</a>
 */
class NonCanonicalPathFilter extends OncePerRequestFilter {

	private static final OAuth2Error PATH_PARAMETERS = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
			"Path parameters are not accepted", null);

	private final RequestRejectedHandler rejectedRequests;

	NonCanonicalPathFilter(RequestRejectedHandler rejectedRequests) {
		this.rejectedRequests = rejectedRequests;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		if (path.indexOf(';') >= 0) {
			OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST, PATH_PARAMETERS);
			return;
		}
		if (encodesUnreservedCharacter(path)) {
			this.rejectedRequests.handle(request, response, new RequestRejectedException(
					"The request was rejected because the URL percent-encodes an unreserved character"));
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether a {@code %XX} of the path stands for a letter, digit, '-', '.', '_' or '~'.
	 */
	private static boolean encodesUnreservedCharacter(String path) {
		for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
			int high = Character.digit(path.charAt(i + 1), 16);
			int low = Character.digit(path.charAt(i + 2), 16);
			if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isUnreserved(char character) {
		return (character >= 'A' && character <= 'Z') || (character >= 'a' && character <= 'z')
				|| (character >= '0' && character <= '9') || "-._~".indexOf(character) >= 0;
	}

}
