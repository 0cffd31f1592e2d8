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
 * Encrypts private signing keys at rest with AES-256-GCM, binding each ciphertext to its {@code kid}.
 */
final class PrivateKeyCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey keyEncryptionKey;

	private final List<SecretKey> previousKeyEncryptionKeys;

	private final SecureRandom random = new SecureRandom();

	PrivateKeyCipher(SecretKey keyEncryptionKey, List<SecretKey> previousKeyEncryptionKeys) {
		this.keyEncryptionKey = keyEncryptionKey;
		this.previousKeyEncryptionKeys = List.copyOf(previousKeyEncryptionKeys);
	}

	String encrypt(String kid, byte[] privateKey) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.keyEncryptionKey, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = cipher.doFinal(privateKey);
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt the private key of kid=" + kid, ex);
		}
	}

	/**
	 * Decrypts with the current key-encryption key, or else with a previous one; fails with a message an operator can
	 * act on when none fits.
	 */
	Decrypted decrypt(String kid, String encrypted) {
		byte[] bytes = Base64.getDecoder().decode(encrypted);
		try {
			return new Decrypted(decrypt(this.keyEncryptionKey, kid, bytes), false);
		}
		catch (AEADBadTagException ex) {
			for (SecretKey previous : this.previousKeyEncryptionKeys) {
				try {
					return new Decrypted(decrypt(previous, kid, bytes), true);
				}
				catch (AEADBadTagException notThisOne) {
					// Try the next one.
				}
			}
			throw new IllegalStateException("Cannot decrypt the private signing key kid=" + kid
					+ ": the configured key-encryption key (authserver.keys.encryption-key) is not the one it was "
					+ "encrypted with. Configure the original key (or list it in authserver.keys.previous-encryption-keys"
					+ "); the server will not replace stored keys.", ex);
		}
	}

	private static byte[] decrypt(SecretKey key, String kid, byte[] ivAndCiphertext) throws AEADBadTagException {
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key,
					new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(ivAndCiphertext, 0, IV_BYTES)));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(ivAndCiphertext, IV_BYTES, ivAndCiphertext.length - IV_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw ex;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt the private signing key kid=" + kid, ex);
		}
	}

	/**
	 * A decrypted private key.
	 *
	 * @param underPreviousKey whether it was stored under a previous key-encryption key and should be re-encrypted
	 */
	record Decrypted(byte[] privateKey, boolean underPreviousKey) {
	}

}
