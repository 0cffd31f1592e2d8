package dev.authserver.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * What an error says, on the error page and in its JSON body, whoever renders it: the
 * error controller or, for the requests the container refuses itself, the container's
 * error report ({@link ContainerErrorReportValve}). A title and a sentence a user can act
 * on, never an exception's message.
 *
 * @param oauthError the request's OAuth error code, if it has one
 * @param protocolEndpoint whether the request was for a protocol endpoint, whose JSON
 * errors carry RFC 6749 §5.2's codes
 */
record ErrorDetails(HttpStatus status, String oauthError, boolean protocolEndpoint, String title, String message) {

	static ErrorDetails of(int statusCode, String oauthError, boolean protocolEndpoint) {
		HttpStatus status = (HttpStatus.resolve(statusCode) != null) ? HttpStatus.valueOf(statusCode)
				: HttpStatus.INTERNAL_SERVER_ERROR;
		return new ErrorDetails(status, oauthError, protocolEndpoint, title(status, oauthError),
				sentence(status, oauthError));
	}

	/**
	 * The JSON body: at a protocol endpoint an RFC 6749 §5.2 code
	 * ({@code invalid_request} for any client error without a code of its own,
	 * {@code server_error} for the server's), elsewhere the status's reason phrase as a
	 * code.
	 */
	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", errorCode());
		body.put("error_description", this.message);
		return body;
	}

	String errorCode() {
		if (this.oauthError != null) {
			return this.oauthError;
		}
		if (this.protocolEndpoint) {
			return switch (this.status) {
				case INTERNAL_SERVER_ERROR -> OAuth2ErrorCodes.SERVER_ERROR;
				case SERVICE_UNAVAILABLE -> OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE;
				default -> OAuth2ErrorCodes.INVALID_REQUEST;
			};
		}
		return this.status.getReasonPhrase().toLowerCase().replace(' ', '_');
	}

	private static String title(HttpStatus status, String oauthError) {
		if ("access_denied".equals(oauthError)) {
			return "Access declined";
		}
		if (oauthError != null || status == HttpStatus.BAD_REQUEST) {
			return "This sign-in request is not valid";
		}
		return switch (status) {
			case NOT_FOUND -> "Page not found";
			case FORBIDDEN -> "Access denied";
			case UNAUTHORIZED -> "Sign-in required";
			case SERVICE_UNAVAILABLE -> "Temporarily unavailable";
			default -> serverFailure(status) ? "Something went wrong" : status.getReasonPhrase();
		};
	}

	private static String sentence(HttpStatus status, String oauthError) {
		if ("access_denied".equals(oauthError)) {
			return "You declined access.";
		}
		if (oauthError != null || status == HttpStatus.BAD_REQUEST) {
			return "The application that sent you here made a request this server cannot accept. "
					+ "Go back to the application and try again; if it keeps happening, tell its developers.";
		}
		return switch (status) {
			case NOT_FOUND -> "There is nothing at this address.";
			case FORBIDDEN -> "You do not have permission to see this page.";
			case UNAUTHORIZED -> "Please sign in and try again.";
			case SERVICE_UNAVAILABLE ->
				"The server cannot complete your request just now. Please try again in a moment.";
			default ->
				status.is5xxServerError() ? "The server could not complete your request. Please try again in a moment."
						: "The request could not be completed.";
		};
	}

	/**
	 * A 5xx that a retry may cure; 501 and 505 refuse what the request uses (a transfer
	 * coding, an HTTP version) and will refuse it again.
	 */
	private static boolean serverFailure(HttpStatus status) {
		return status.is5xxServerError() && status != HttpStatus.NOT_IMPLEMENTED
				&& status != HttpStatus.HTTP_VERSION_NOT_SUPPORTED;
	}

}
