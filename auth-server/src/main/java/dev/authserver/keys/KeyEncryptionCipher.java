package dev.authserver.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts what the server must store but read back in clear (private signing keys, the
 * secrets of {@code client_secret_jwt} clients) with AES-256-GCM under the key-encryption
 * key, binding each ciphertext to its owner.
 * <p>
 * The owner (a signing key's {@code kid}, or a fixed label) is the associated data of the
 * encryption: a ciphertext copied to another owner does not decrypt.
 */
public final class KeyEncryptionCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey keyEncryptionKey;

	private final List<SecretKey> previousKeyEncryptionKeys;

	private final SecureRandom random = new SecureRandom();

	public KeyEncryptionCipher(SecretKey keyEncryptionKey, List<SecretKey> previousKeyEncryptionKeys) {
		this.keyEncryptionKey = keyEncryptionKey;
		this.previousKeyEncryptionKeys = List.copyOf(previousKeyEncryptionKeys);
	}

	/** Base64 of a fresh IV followed by the ciphertext and its tag. */
	public String encrypt(String owner, byte[] plaintext) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.keyEncryptionKey, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(plaintext);
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt the value of " + owner, ex);
		}
	}

	/**
	 * Decrypts with the current key-encryption key, or else with a previous one; fails
	 * with a message an operator can act on when none fits.
	 * @throws IllegalStateException when no configured key opens it, or it is not a
	 * ciphertext of this class; its message gives the reason, for the caller to say what
	 * could not be decrypted
	 */
	public Decrypted decrypt(String owner, String encrypted) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encrypted);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("it is not base64", ex);
		}
		if (bytes.length < IV_BYTES) {
			throw new IllegalStateException("it is too short to be a ciphertext");
		}
		try {
			return new Decrypted(decrypt(this.keyEncryptionKey, owner, bytes), false);
		}
		catch (AEADBadTagException ex) {
			for (SecretKey previous : this.previousKeyEncryptionKeys) {
				try {
					return new Decrypted(decrypt(previous, owner, bytes), true);
				}
				catch (AEADBadTagException notThisOne) {
					// Try the next one.
				}
			}
			throw new IllegalStateException("the configured key-encryption key (authserver.keys.encryption-key) is not "
					+ "the one it was "
					+ "encrypted with. Configure the original key (or list it in authserver.keys.previous-encryption-keys"
					+ "); the server will not replace stored keys.", ex);
		}
	}

	private static byte[] decrypt(SecretKey key, String owner, byte[] ivAndCiphertext) throws AEADBadTagException {
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key,
					new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(ivAndCiphertext, 0, IV_BYTES)));
			cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(ivAndCiphertext, IV_BYTES, ivAndCiphertext.length - IV_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw ex;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("it cannot be decrypted", ex);
		}
	}

	/**
	 * A decrypted value.
	 *
	 * @param underPreviousKey whether it was stored under a previous key-encryption key
	 * and should be re-encrypted
	 */
	public record Decrypted(byte[] plaintext, boolean underPreviousKey) {
	}

}
