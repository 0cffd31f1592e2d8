package dev.authserver.protocol;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The endpoints where clients authenticate (token, introspection, revocation), matched as
 * the framework matches its own endpoints, whatever the method: the requests whose errors
 * are RFC 6749 §5.2's JSON and never a page.
 */
public final class ClientAuthenticatedEndpoints {

	/**
	 * The challenge of {@code client_secret_basic} (RFC 7617 §2 requires the realm).
	 */
	static final String BASIC_CHALLENGE = "Basic realm=\"oauth2-client\"";

	private ClientAuthenticatedEndpoints() {
	}

	public static RequestMatcher of(AuthorizationServerSettings settings) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.matcher(settings.getTokenEndpoint()),
				paths.matcher(settings.getTokenIntrospectionEndpoint()),
				paths.matcher(settings.getTokenRevocationEndpoint()),
				paths.matcher(settings.getDeviceAuthorizationEndpoint()),

				paths.matcher(settings.getPushedAuthorizationRequestEndpoint()));
	}

	/**
	 * RFC 6749 §5.2's answer to a request at these endpoints without any client
	 * credentials: 401 with {@code invalid_client} as JSON, as the framework answers
	 * wrong ones. Otherwise these requests would meet the UserInfo endpoint's
	 * bearer-token challenge, with an empty body.
	 */
	public static AuthenticationEntryPoint authenticationRequired() {
		return (request, response, exception) -> {
			challengeBasicCredentials(request, response);
			OAuth2ErrorResponses.send(response, HttpStatus.UNAUTHORIZED,
					new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null));
		};
	}

	/**
	 * The answer to client credentials these endpoints refuse, as the framework's own
	 * ({@code OAuth2ClientAuthenticationFilter}: 401 for {@code invalid_client}, 400
	 * otherwise, the error code alone), and with the {@code WWW-Authenticate} challenge
	 * RFC 6749 §5.2 requires when the client authenticated with HTTP Basic, which the
	 * framework leaves out
	 * (https://github.com/spring-projects/spring-security/issues/18285).
	 */
	public static AuthenticationFailureHandler authenticationFailed() {
		return (request, response, exception) -> {
			SecurityContextHolder.clearContext();
			OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
			if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
				challengeBasicCredentials(request, response);
				OAuth2ErrorResponses.send(response, HttpStatus.UNAUTHORIZED, new OAuth2Error(error.getErrorCode()));
			}
			else {
				OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST, new OAuth2Error(error.getErrorCode()));
			}
		};
	}

	/**
	 * RFC 6749 §5.2: "If the client attempted to authenticate via the Authorization
	 * request header field, the authorization server MUST respond with an HTTP 401 ...
	 * and include the WWW-Authenticate response header field matching the authentication
	 * scheme used by the client." Only Basic carries client credentials here; a client
	 * that sent them in the form gets no challenge, which would invite a browser's
	 * password prompt.
	 */
	private static void challengeBasicCredentials(HttpServletRequest request, HttpServletResponse response) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BASIC_CHALLENGE);
		}
	}

}
