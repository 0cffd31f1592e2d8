package dev.authserver.passkeys;

/**
 * A passkey registration that was refused, with the form field it concerns and a message
 * for the user.
 */
class PasskeyRefusedException extends RuntimeException {

	private final String field;

	PasskeyRefusedException(String field, String message) {
		super(message);
		this.field = field;
	}

	String field() {
		return this.field;
	}

}
