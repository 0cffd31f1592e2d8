package dev.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes client secrets with SHA-256 and compares them in constant time.
 * <p>
 * A slow password hash protects guessable passwords; server-generated client secrets have 256 random bits, which no
 * one can guess, so bcrypt would only spend tens of milliseconds of CPU on every token request. Secrets stored with
 * bcrypt (or declared {@code {noop}}) still match, and the framework re-hashes them with SHA-256 after their next
 * successful use ({@link #upgradeEncoding}). User passwords keep their slow hash.
 */
public class ClientSecretEncoder implements PasswordEncoder {

	private static final String SHA256 = "sha256";

	private final DelegatingPasswordEncoder delegate = new DelegatingPasswordEncoder(SHA256,
			Map.of(SHA256, new Sha256Encoder(), "bcrypt", new BCryptPasswordEncoder()));

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

	private static final class Sha256Encoder implements PasswordEncoder {

		@Override
		public String encode(CharSequence rawSecret) {
			return HexFormat.of().formatHex(sha256(rawSecret));
		}

		@Override
		public boolean matches(CharSequence rawSecret, String encodedSecret) {
			// MessageDigest.isEqual takes the same time whatever the bytes, so timing reveals nothing.
			return MessageDigest.isEqual(encode(rawSecret).getBytes(StandardCharsets.US_ASCII),
					encodedSecret.getBytes(StandardCharsets.US_ASCII));
		}

		private static byte[] sha256(CharSequence value) {
			try {
				return MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
			}
		}

	}

}
