package dev.authserver.protocol;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * Writes an error in RFC 6749 §5.2's shape, JSON with {@code error} and
 * {@code error_description}, as the framework's own endpoints do, for the answers given
 * before a request reaches them or outside the framework's endpoints: the one way this
 * server writes a protocol error.
 */
public final class OAuth2ErrorResponses {

	private static final HttpMessageConverter<OAuth2Error> CONVERTER = new OAuth2ErrorHttpMessageConverter();

	private OAuth2ErrorResponses() {
	}

	public static void send(HttpServletResponse response, HttpStatus status, OAuth2Error error) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status);
		httpResponse.getHeaders().setCacheControl("no-store");
		CONVERTER.write(error, null, httpResponse);
	}

}
