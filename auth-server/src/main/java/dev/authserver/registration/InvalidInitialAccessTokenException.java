package dev.authserver.registration;

/**
 * The initial access token is unknown, expired, revoked or used up: the caller may not
 * register.
 */
class InvalidInitialAccessTokenException extends RuntimeException {

	InvalidInitialAccessTokenException() {
		super("The initial access token is invalid, expired, revoked or used up");
	}

}
