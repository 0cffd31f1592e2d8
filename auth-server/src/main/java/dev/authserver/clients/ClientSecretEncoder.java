package dev.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import dev.authserver.keys.KeyEncryptionCipher;
import dev.authserver.keys.OpaqueTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * Hashes client secrets with salted SHA-256 and compares them in constant time.
 * <p>
 * A slow password hash protects guessable passwords; server-generated client secrets have
 * 256 random bits, which no one can guess, so bcrypt would only spend tens of
 * milliseconds of CPU on every token request. The salt makes equal secrets hash
 * differently: the framework refuses to store a client whose hash equals another
 * client's, so two clients declared with one secret would otherwise stop the server from
 * starting. Secrets stored with bcrypt, or with the earlier unsalted SHA-256, still
 * match, and the framework re-hashes them after their next successful use
 * ({@link #upgradeEncoding}). User passwords keep their slow hash.
 * <p>
 * A {@code client_secret_jwt} client signs its assertions with its secret (RFC 7523
 * §2.2), so the server needs the secret itself to verify them: its secret is stored
 * encrypted under the key-encryption key instead ({@code {encrypted}...}, see
 * {@link #encodeFor}), and still matches when the client sends it in clear.
 */
public class ClientSecretEncoder implements PasswordEncoder {

	private static final Logger log = LoggerFactory.getLogger(ClientSecretEncoder.class);

	private static final String SHA256 = "sha256";

	private static final String ENCRYPTED = "encrypted";

	private static final String ENCRYPTED_PREFIX = "{" + ENCRYPTED + "}";

	/**
	 * The associated data of every encrypted client secret, which keeps them apart from
	 * the private signing keys.
	 */
	private static final String CIPHER_OWNER = "client-secret";

	private final KeyEncryptionCipher cipher;

	private final Map<String, PasswordEncoder> encoders;

	private final DelegatingPasswordEncoder delegate;

	public ClientSecretEncoder(KeyEncryptionCipher cipher) {
		this.cipher = cipher;
		this.encoders = Map.of(SHA256, new Sha256Encoder(), "bcrypt", new BCryptPasswordEncoder(), ENCRYPTED,
				new EncryptedSecretMatcher());
		this.delegate = new DelegatingPasswordEncoder(SHA256, this.encoders);
	}

	/** Hashes the secret: for every client that does not sign with it. */
	@Override
	public String encode(CharSequence rawSecret) {
		return this.delegate.encode(rawSecret);
	}

	/**
	 * Encrypts the secret when one of the client's methods is {@code client_secret_jwt},
	 * which needs it back to verify signatures; hashes it otherwise.
	 */
	public String encodeFor(Collection<ClientAuthenticationMethod> methods, CharSequence rawSecret) {
		if (!methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT)) {
			return encode(rawSecret);
		}
		return ENCRYPTED_PREFIX
				+ this.cipher.encrypt(CIPHER_OWNER, rawSecret.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether the stored secret is encrypted, so {@link #decrypt} can read it; false for
	 * hashes and null.
	 */
	public boolean isEncrypted(String encodedSecret) {
		return encodedSecret != null && encodedSecret.startsWith(ENCRYPTED_PREFIX);
	}

	/**
	 * The secret in clear.
	 * @throws IllegalStateException when it is not {@linkplain #isEncrypted encrypted},
	 * or no configured key-encryption key opens it
	 */
	public String decrypt(String encodedSecret) {
		if (!isEncrypted(encodedSecret)) {
			throw new IllegalStateException("The client secret is stored hashed, not encrypted");
		}
		byte[] plaintext = this.cipher.decrypt(CIPHER_OWNER, encodedSecret.substring(ENCRYPTED_PREFIX.length()))
			.plaintext();
		return new String(plaintext, StandardCharsets.UTF_8);
	}

	/**
	 * The secret encrypted under the current key-encryption key, when it is stored under
	 * a previous one; empty for one already under the current key, and for hashes.
	 * @throws IllegalStateException when no configured key-encryption key opens it
	 */
	Optional<String> reencryptedUnderCurrentKey(String encodedSecret) {
		if (!isEncrypted(encodedSecret)) {
			return Optional.empty();
		}
		KeyEncryptionCipher.Decrypted decrypted = this.cipher.decrypt(CIPHER_OWNER,
				encodedSecret.substring(ENCRYPTED_PREFIX.length()));
		return decrypted.underPreviousKey()
				? Optional.of(ENCRYPTED_PREFIX + this.cipher.encrypt(CIPHER_OWNER, decrypted.plaintext()))
				: Optional.empty();
	}

	@Override
	public boolean matches(CharSequence rawSecret, String encodedSecret) {
		return encodedSecret != null && this.delegate.matches(rawSecret, encodedSecret);
	}

	/**
	 * Never for an encrypted secret: the framework would replace it with a hash after a
	 * successful sign-in.
	 */
	@Override
	public boolean upgradeEncoding(String encodedSecret) {
		return !isEncrypted(encodedSecret) && this.delegate.upgradeEncoding(encodedSecret);
	}

	/**
	 * Whether {@code encodedSecret} starts with the {@code {id}} of an encoding this
	 * encoder reads; with any other prefix, {@link #matches} would throw rather than
	 * answer.
	 */
	boolean canRead(String encodedSecret) {
		int end = encodedSecret.indexOf('}');
		return encodedSecret.startsWith("{") && end > 0 && this.encoders.containsKey(encodedSecret.substring(1, end));
	}

	/**
	 * Matches a secret sent in clear against an encrypted one
	 * ({@code client_secret_basic} or {@code _post} of a client that also signs
	 * assertions), in constant time. Encoding goes through {@link #encodeFor}.
	 */
	private final class EncryptedSecretMatcher implements PasswordEncoder {

		@Override
		public String encode(CharSequence rawSecret) {
			throw new UnsupportedOperationException("Encrypted secrets are written by encodeFor");
		}

		@Override
		public boolean matches(CharSequence rawSecret, String encryptedSecret) {
			String stored;
			try {
				stored = decrypt(ENCRYPTED_PREFIX + encryptedSecret);
			}
			catch (IllegalStateException ex) {
				log.error("Cannot read a stored client secret: {}", ex.getMessage());
				return false;
			}
			return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
					rawSecret.toString().getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * Stores {@code <salt>$<digest>}: 16 random bytes and SHA-256 over the salt and the
	 * secret's UTF-8 bytes, both in hex. A value without {@code $} is the earlier
	 * unsalted form, 64 hex digits of SHA-256 over the secret alone.
	 */
	private static final class Sha256Encoder implements PasswordEncoder {

		private static final int SALT_BYTES = 16;

		private static final char SALT_SEPARATOR = '$';

		private static final HexFormat HEX = HexFormat.of();

		@Override
		public String encode(CharSequence rawSecret) {
			byte[] salt = OpaqueTokens.randomBytes(SALT_BYTES);
			return HEX.formatHex(salt) + SALT_SEPARATOR + HEX.formatHex(sha256(salt, rawSecret));
		}

		@Override
		public boolean matches(CharSequence rawSecret, String encodedSecret) {
			int separator = encodedSecret.indexOf(SALT_SEPARATOR);
			try {
				byte[] salt = (separator < 0) ? new byte[0] : HEX.parseHex(encodedSecret, 0, separator);
				byte[] expected = HEX.parseHex(encodedSecret, separator + 1, encodedSecret.length());
				// MessageDigest.isEqual takes the same time whatever the bytes, so timing
				// reveals nothing.
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
			return OpaqueTokens.sha256(salt, secret.toString().getBytes(StandardCharsets.UTF_8));
		}

	}

}
