package dev.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes client secrets with salted SHA-256 and compares them in constant time.
 * <p>
 * A slow password hash protects guessable passwords; server-generated client secrets have 256 random bits, which no
 * one can guess, so bcrypt would only spend tens of milliseconds of CPU on every token request. The salt makes equal
 * secrets hash differently: the framework refuses to store a client whose hash equals another client's, so two
 * clients declared with one secret would otherwise stop the server from starting. Secrets stored with bcrypt, or
 * with the earlier unsalted SHA-256, still match, and the framework re-hashes them after their next successful use
 * ({@link #upgradeEncoding}). User passwords keep their slow hash.
 */
public class ClientSecretEncoder implements PasswordEncoder {

	private static final String SHA256 = "sha256";

	private static final Map<String, PasswordEncoder> ENCODERS = Map.of(SHA256, new Sha256Encoder(), "bcrypt",
			new BCryptPasswordEncoder());

	private final DelegatingPasswordEncoder delegate = new DelegatingPasswordEncoder(SHA256, ENCODERS);

	@Override
	public String encode(CharSequence rawSecret) {
		return this.delegate.encode(rawSecret);
	}

	@Override
	public boolean matches(CharSequence rawSecret, String encodedSecret) {
		return encodedSecret != null && this.delegate.matches(rawSecret, encodedSecret);
	}

	@Override
	public boolean upgradeEncoding(String encodedSecret) {
		return this.delegate.upgradeEncoding(encodedSecret);
	}

	/**
	 * Whether {@code encodedSecret} starts with the {@code {id}} of an encoding this encoder reads; with any other
	 * prefix, {@link #matches} would throw rather than answer.
	 */
	boolean canRead(String encodedSecret) {
		int end = encodedSecret.indexOf('}');
		return encodedSecret.startsWith("{") && end > 0 && ENCODERS.containsKey(encodedSecret.substring(1, end));
	}

	/**
	 * Stores {@code <salt>$<digest>}: 16 random bytes and SHA-256 over the salt and the secret's UTF-8 bytes, both in
	 * hex. A value without {@code $} is the earlier unsalted form, 64 hex digits of SHA-256 over the secret alone.
	 */
	private static final class Sha256Encoder implements PasswordEncoder {

		private static final int SALT_BYTES = 16;

		private static final char SALT_SEPARATOR = '$';

		private static final HexFormat HEX = HexFormat.of();

		private static final SecureRandom RANDOM = new SecureRandom();

		@Override
		public String encode(CharSequence rawSecret) {
			byte[] salt = new byte[SALT_BYTES];
			RANDOM.nextBytes(salt);
			return HEX.formatHex(salt) + SALT_SEPARATOR + HEX.formatHex(sha256(salt, rawSecret));
		}

		@Override
		public boolean matches(CharSequence rawSecret, String encodedSecret) {
			int separator = encodedSecret.indexOf(SALT_SEPARATOR);
			try {
				byte[] salt = (separator < 0) ? new byte[0] : HEX.parseHex(encodedSecret, 0, separator);
				byte[] expected = HEX.parseHex(encodedSecret, separator + 1, encodedSecret.length());
				// MessageDigest.isEqual takes the same time whatever the bytes, so timing reveals nothing.
				return MessageDigest.isEqual(sha256(salt, rawSecret), expected);
			}
			catch (IllegalArgumentException ex) {
				// Not hex: no secret matches a damaged hash.
				return false;
			}
		}

		@Override
		public boolean upgradeEncoding(String encodedSecret) {
			return encodedSecret.indexOf(SALT_SEPARATOR) < 0;
		}

		private static byte[] sha256(byte[] salt, CharSequence secret) {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				digest.update(salt);
				return digest.digest(secret.toString().getBytes(StandardCharsets.UTF_8));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
			}
		}

	}

}
