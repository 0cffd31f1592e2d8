package dev.authserver.keys;

/**
 * Where a signing key is in its life.
 */
public enum SigningKeyState {

	/**
	 * Published in the JWKS, not signing yet, so resource servers learn it before they
	 * meet it.
	 */
	NEXT,

	/** Signing; exactly one key at a time. */
	ACTIVE,

	/** No longer signing, still published until every token it signed has expired. */
	RETIRED,

	/**
	 * Withdrawn at once (compromised): no longer published, so its tokens stop verifying.
	 */
	REVOKED;

	boolean isPublished() {
		return this != REVOKED;
	}

}
