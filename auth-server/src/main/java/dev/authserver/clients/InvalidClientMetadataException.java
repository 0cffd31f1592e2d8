package dev.authserver.clients;

/**
 * Client metadata this server refuses, with the RFC 7591 §3.2.2 error code to answer with
 * and the metadata field at fault, so the admin console can show the message next to that
 * field.
 */
public class InvalidClientMetadataException extends RuntimeException {

	public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

	public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

	private final String errorCode;

	private final String field;

	public InvalidClientMetadataException(String errorCode, String description) {
		this(errorCode, null, description);
	}

	InvalidClientMetadataException(String errorCode, String field, String description) {
		super(description);
		this.errorCode = errorCode;
		this.field = field;
	}

	public String getErrorCode() {
		return this.errorCode;
	}

	/**
	 * The RFC 7591 name of the field at fault ({@code redirect_uris}, {@code scope},
	 * ...); null for the request.
	 */
	public String getField() {
		return this.field;
	}

}
