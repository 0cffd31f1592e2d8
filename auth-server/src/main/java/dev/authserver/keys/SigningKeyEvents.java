package dev.authserver.keys;

/**
 * What the key lifecycle tells the rest of the server, as application events published
 * inside the transaction that makes the change.
 */
public final class SigningKeyEvents {

	private SigningKeyEvents() {
	}

	/**
	 * A key started signing; {@code retiredKid} is the one it replaced, null if there was
	 * none.
	 */
	public record Rotated(String kid, String retiredKid) {
	}

	/** A key was withdrawn from the JWKS: tokens it signed no longer verify. */
	public record Revoked(String kid) {
	}

}
