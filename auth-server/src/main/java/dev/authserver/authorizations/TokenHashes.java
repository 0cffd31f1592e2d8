package dev.authserver.authorizations;

import dev.authserver.keys.OpaqueTokens;

/**
 * The form in which token values are stored: {@code sha256:} and the hex SHA-256 of the
 * value. Tokens are long random or signed strings, so a fast hash is enough to make the
 * stored form useless to a reader of the database.
 */
final class TokenHashes {

	static final String PREFIX = "sha256:";

	private TokenHashes() {
	}

	/**
	 * The stored form of a value presented by a caller. Always hashed, even when it looks
	 * like a hash: otherwise anyone who reads the table could present a stored hash as
	 * the token itself.
	 */
	static String hash(String tokenValue) {
		return PREFIX + OpaqueTokens.hash(tokenValue);
	}

	/**
	 * The stored form of a token value held by an authorization about to be saved: the
	 * framework saves again the authorizations it loaded, whose token values are hashes
	 * already.
	 */
	static String hashUnlessStored(String value) {
		return isStored(value) ? value : hash(value);
	}

	/**
	 * Whether a token value held by an authorization is its stored form, rather than a
	 * token just issued.
	 */
	static boolean isStored(String value) {
		return value.startsWith(PREFIX) && value.length() == PREFIX.length() + 64;
	}

}
