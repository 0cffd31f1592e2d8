package dev.authserver.registration;

/**
 * Client metadata this server refuses, with the RFC 7591 §3.2.2 error code to answer with.
 */
public class InvalidClientMetadataException extends RuntimeException {

	public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

	public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

	private final String errorCode;

	InvalidClientMetadataException(String errorCode, String description) {
		super(description);
		this.errorCode = errorCode;
	}

	public String getErrorCode() {
		return this.errorCode;
	}

}
