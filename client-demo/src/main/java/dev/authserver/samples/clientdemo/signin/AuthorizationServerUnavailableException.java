package dev.authserver.samples.clientdemo.signin;

/**
 * The auth-server's discovery document could not be read, so nobody can sign in right
 * now.
 */
public class AuthorizationServerUnavailableException extends RuntimeException {

	AuthorizationServerUnavailableException(Throwable cause) {
		super("The authorization server's discovery document could not be read", cause);
	}

}
