package dev.authserver.authorizations;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The form in which token values are stored: {@code sha256:} and the hex SHA-256 of the value. Tokens are long
 * random or signed strings, so a fast hash is enough to make the stored form useless to a reader of the database.
 */
final class TokenHashes {

	static final String PREFIX = "sha256:";

	private TokenHashes() {
	}

	/**
	 * The stored form of a value presented by a caller. Always hashed, even when it looks like a hash: otherwise
	 * anyone who reads the table could present a stored hash as the token itself.
	 */
	static String hash(String tokenValue) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.UTF_8));
			return PREFIX + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * The stored form of a token value held by an authorization about to be saved: the framework saves again the
	 * authorizations it loaded, whose token values are hashes already.
	 */
	static String hashUnlessStored(String value) {
		return (value.startsWith(PREFIX) && value.length() == PREFIX.length() + 64) ? value : hash(value);
	}

}
