package dev.authserver.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionKeysTests {

	@TempDir
	Path directory;

	@Test
	void loadWhenKeyIsConfiguredThenUsesIt() {
		byte[] key = new byte[32];
		key[0] = 7;

		SecretKey loaded = KeyEncryptionKeys.load(TestKeyProperties
			.withEncryptionKey(Base64.getEncoder().encodeToString(key), this.directory.resolve("unused.key")));

		assertThat(loaded.getEncoded()).isEqualTo(key);
		assertThat(this.directory.resolve("unused.key")).doesNotExist();
	}

	@Test
	void loadWhenNoKeyIsConfiguredThenDevelopmentKeyIsCreatedOnceAndReused() throws Exception {
		Path file = this.directory.resolve("data/dev.key");
		KeyProperties properties = TestKeyProperties.withEncryptionKey(null, file);

		SecretKey first = KeyEncryptionKeys.load(properties);
		SecretKey second = KeyEncryptionKeys.load(properties);

		assertThat(first.getEncoded()).hasSize(32).isEqualTo(second.getEncoded());
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
	}

	@Test
	void loadWhenConfiguredKeyHasWrongLengthThenClearError() {
		KeyProperties properties = TestKeyProperties.withEncryptionKey(Base64.getEncoder().encodeToString(new byte[16]),
				this.directory.resolve("unused.key"));

		assertThatIllegalStateException().isThrownBy(() -> KeyEncryptionKeys.load(properties))
			.withMessageContaining("must be 32 bytes");
	}

	@Test
	void loadWhenConfiguredKeyIsNotBase64ThenClearError() {
		KeyProperties properties = TestKeyProperties.withEncryptionKey("not base64!",
				this.directory.resolve("unused.key"));

		assertThatIllegalStateException().isThrownBy(() -> KeyEncryptionKeys.load(properties))
			.withMessageContaining("not valid base64");
	}

}
