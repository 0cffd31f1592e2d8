package dev.authserver.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer tokens, secrets and passwords, and the SHA-256 under which tokens are
 * stored and documents are tagged: the one place this server draws random values and
 * computes SHA-256. A fast hash is enough for tokens: nobody can guess a 256-bit value,
 * so a slow password hash would buy nothing.
 */
public final class OpaqueTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private OpaqueTokens() {
	}

	/**
	 * A new token: the prefix (which lets secret scanners recognise it) and 32 random
	 * bytes, base64url.
	 */
	public static String generate(String prefix) {
		return generate(prefix, 32);
	}

	/** The prefix and {@code randomBytes} random bytes, base64url. */
	public static String generate(String prefix, int randomBytes) {
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(randomBytes));
	}

	public static byte[] randomBytes(int count) {
		byte[] bytes = new byte[count];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

	/** The hex SHA-256 of the token's UTF-8 bytes. */
	public static String hash(String token) {
		return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
	}

	/** SHA-256 over the parts, one after the other. */
	public static byte[] sha256(byte[]... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (byte[] part : parts) {
				digest.update(part);
			}
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			// Every JVM has SHA-256 (the Java SE specification requires it).
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
