package dev.authserver.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class KeyEncryptionCipherTests {

	private static final byte[] PRIVATE_KEY = "not really a PKCS#8 key, but bytes all the same"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void decryptWhenSameKeyAndKidThenOriginalBytes() {
		KeyEncryptionCipher cipher = new KeyEncryptionCipher(aesKey((byte) 1), List.of());

		String encrypted = cipher.encrypt("kid-1", PRIVATE_KEY);

		assertThat(cipher.decrypt("kid-1", encrypted).plaintext()).isEqualTo(PRIVATE_KEY);
	}

	@Test
	void encryptWhenCalledThenCiphertextRevealsNothingAndDiffersEachTime() {
		KeyEncryptionCipher cipher = new KeyEncryptionCipher(aesKey((byte) 1), List.of());

		String first = cipher.encrypt("kid-1", PRIVATE_KEY);
		String second = cipher.encrypt("kid-1", PRIVATE_KEY);

		assertThat(first).isNotEqualTo(second);
		assertThat(new String(Base64.getDecoder().decode(first), StandardCharsets.ISO_8859_1)).doesNotContain("PKCS#8");
	}

	@Test
	void decryptWhenKeyEncryptionKeyIsWrongThenClearError() {
		String encrypted = new KeyEncryptionCipher(aesKey((byte) 1), List.of()).encrypt("kid-1", PRIVATE_KEY);

		assertThatIllegalStateException()
			.isThrownBy(() -> new KeyEncryptionCipher(aesKey((byte) 2), List.of()).decrypt("kid-1", encrypted))
			.withMessageContaining("key-encryption key");
	}

	@Test
	void decryptWhenCiphertextIsMovedToAnotherKidThenRefused() {
		KeyEncryptionCipher cipher = new KeyEncryptionCipher(aesKey((byte) 1), List.of());
		String encrypted = cipher.encrypt("kid-1", PRIVATE_KEY);

		assertThatIllegalStateException().isThrownBy(() -> cipher.decrypt("kid-2", encrypted));
	}

	@Test
	void decryptWhenStoredUnderPreviousKeyThenReadableAndMarkedForReencryption() {
		String encrypted = new KeyEncryptionCipher(aesKey((byte) 1), List.of()).encrypt("kid-1", PRIVATE_KEY);
		KeyEncryptionCipher rotated = new KeyEncryptionCipher(aesKey((byte) 2), List.of(aesKey((byte) 1)));

		KeyEncryptionCipher.Decrypted decrypted = rotated.decrypt("kid-1", encrypted);

		assertThat(decrypted.plaintext()).isEqualTo(PRIVATE_KEY);
		assertThat(decrypted.underPreviousKey()).isTrue();
		assertThat(rotated.decrypt("kid-1", rotated.encrypt("kid-1", PRIVATE_KEY)).underPreviousKey()).isFalse();
	}

	private static SecretKey aesKey(byte fill) {
		byte[] key = new byte[32];
		Arrays.fill(key, fill);
		return new SecretKeySpec(key, "AES");
	}

}
