package dev.authserver.registration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.authserver.protocol.OAuth2ErrorResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a registration request without a valid bearer token with 401, the RFC 6750 §3
 * challenge and the error as JSON, as the endpoint's other errors are.
 * <p>
 * Not the framework's {@code BearerTokenAuthenticationEntryPoint}: it writes no body, and
 * its challenge always names a {@code resource_metadata} document (RFC 9728) that this
 * server does not publish for its registration endpoint.
 */
final class RegistrationAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (!(ex instanceof OAuth2AuthenticationException invalid)) {
			// No bearer token at all: RFC 6750 §3.1 answers with a bare challenge.
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			OAuth2ErrorResponses.send(response, HttpStatus.UNAUTHORIZED,
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "A bearer token is required", null));
			return;
		}
		OAuth2Error error = invalid.getError();
		List<String> parameters = new ArrayList<>();
		parameters.add("error=\"" + error.getErrorCode() + "\"");
		if (error.getDescription() != null) {
			parameters.add("error_description=\"" + error.getDescription() + "\"");
		}
		if (error.getUri() != null) {
			parameters.add("error_uri=\"" + error.getUri() + "\"");
		}
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer " + String.join(", ", parameters));
		OAuth2ErrorResponses.send(response, HttpStatus.UNAUTHORIZED, error);
	}

}
