package dev.authserver.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

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

	private final SecureRandom random = new SecureRandom();

	PrivateKeyCipher(SecretKey keyEncryptionKey) {
		this.keyEncryptionKey = keyEncryptionKey;
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

	byte[] decrypt(String kid, String encrypted) {
		byte[] bytes = Base64.getDecoder().decode(encrypted);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, this.keyEncryptionKey,
					new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(bytes, 0, IV_BYTES)));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new IllegalStateException("Cannot decrypt the private signing key kid=" + kid
					+ ": the configured key-encryption key (authserver.keys.encryption-key) is not the one it was "
					+ "encrypted with. Configure the original key; the server will not replace stored keys.", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt the private signing key kid=" + kid, ex);
		}
	}

}
