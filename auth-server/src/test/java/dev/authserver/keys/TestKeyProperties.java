package dev.authserver.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Key settings for tests: the defaults of {@link KeyProperties}, with what a test needs
 * changed.
 */
final class TestKeyProperties {

	static final Duration ROTATION_PERIOD = Duration.ofDays(30);

	static final Duration PRE_PUBLICATION = Duration.ofHours(1);

	static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);

	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

	private TestKeyProperties() {
	}

	static KeyProperties withEncryptionKey(String encryptionKey, Path devEncryptionKeyFile) {
		return new KeyProperties(encryptionKey, List.of(), devEncryptionKeyFile, ROTATION_PERIOD, PRE_PUBLICATION,
				Duration.ofMinutes(5), MAX_TOKEN_LIFETIME, CLOCK_SKEW, CHECK_INTERVAL);
	}

	static KeyProperties defaults() {
		return withEncryptionKey(null, Path.of("unused"));
	}

}
