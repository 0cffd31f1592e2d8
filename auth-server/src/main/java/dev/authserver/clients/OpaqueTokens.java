package dev.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer tokens and secrets with 256 bits of entropy, and the SHA-256 hashes under which tokens are stored.
 * A fast hash is enough here: nobody can guess a 256-bit value, so a slow password hash would buy nothing.
 */
public final class OpaqueTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private OpaqueTokens() {
	}

	/** A new token: the prefix (which lets secret scanners recognise it) and 32 random bytes, base64url. */
	public static String generate(String prefix) {
		return generate(prefix, 32);
	}

	/** The prefix and {@code randomBytes} random bytes, base64url. */
	public static String generate(String prefix, int randomBytes) {
		byte[] bytes = new byte[randomBytes];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
