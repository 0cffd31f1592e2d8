package dev.authserver.protocol;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Refuses a request to the token, introspection or revocation endpoint that repeats a
 * parameter, or whose parameters cannot be parsed at all, with RFC 6749 §5.2's
 * {@code invalid_request} as JSON, before the framework reads it.
 * <p>
 * Parameters must not be repeated (RFC 6749 §3.2). The framework checks that for the
 * parameters of each grant, but its client authentication runs first and casts a repeated
 * {@code code} to a single value, which fails with a 500. Parameters Tomcat cannot parse
 * (invalid percent-encoding or UTF-8, too many, too large) would otherwise reach the HTML
 * error page of browsers.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.2">RFC 6749 §3.2</a>
 * @see <a href=
 * "https://github.com/spring-projects/spring-security/issues/19227">spring-security#19227</a>
 */
class DuplicateParameterFilter extends ClientEndpointFilter {

	private static final Logger log = LoggerFactory.getLogger(DuplicateParameterFilter.class);

	/** The parameters that specs allow more than once: RFC 8707 §2 and RFC 8693 §2.1. */
	private static final Set<String> REPEATABLE = Set.of("resource", "audience");

	/**
	 * A name safe to repeat in an error description; anything else is the caller's
	 * garbage.
	 */
	private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	DuplicateParameterFilter(RequestMatcher endpoints) {
		super(endpoints);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			log.debug("Refused a request to {} whose parameters cannot be parsed", request.getRequestURI());
			refuse(response, HttpStatus.valueOf(ex.getErrorCode()), "The request parameters cannot be parsed");
			return;
		}
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (parameter.getValue().length > 1 && !REPEATABLE.contains(parameter.getKey())) {
				String name = printableName(parameter.getKey());
				log.debug("Refused a request to {} that repeats {}", request.getRequestURI(), name);
				refuse(response, HttpStatus.BAD_REQUEST, "OAuth 2.0 Parameter repeated: " + name);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/** The parameter's name, when it is safe to repeat in an error description. */
	static String printableName(String name) {
		return PARAMETER_NAME.matcher(name).matches() ? name : "a parameter";
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String description) throws IOException {
		OAuth2ErrorResponses.send(response, status,
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null));
	}

}
