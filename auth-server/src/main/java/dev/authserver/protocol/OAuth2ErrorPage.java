package dev.authserver.protocol;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a browser request that cannot go back to its client to the error page with 400,
 * the {@link OAuth2Error} in a request attribute for the page to show: the framework's
 * own handlers send {@code "[code] description"} as the error message instead, which a
 * page could only parse back.
 */
public final class OAuth2ErrorPage implements AuthenticationFailureHandler {

	/**
	 * The request attribute that carries the {@link OAuth2Error} through the error
	 * dispatch.
	 */
	public static final String ERROR_ATTRIBUTE = OAuth2Error.class.getName();

	public static void send(HttpServletRequest request, HttpServletResponse response, OAuth2Error error)
			throws IOException {
		request.setAttribute(ERROR_ATTRIBUTE, error);
		response.sendError(HttpServletResponse.SC_BAD_REQUEST, error.getDescription());
	}

	/**
	 * As the framework's default error handlers of the logout and device verification
	 * endpoints, with the error.
	 */
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		send(request, response, ((OAuth2AuthenticationException) exception).getError());
	}

}
