package dev.authserver.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the AES-256 key-encryption key: the configured one, or else a development key
 * kept in a local file.
 */
final class KeyEncryptionKeys {

	private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKeys.class);

	private static final int KEY_BYTES = 32;

	private KeyEncryptionKeys() {
	}

	/**
	 * The earlier keys, still accepted for reading while stored keys move to the current
	 * one.
	 */
	static List<SecretKey> previous(KeyProperties properties) {
		return properties.previousEncryptionKeys()
			.stream()
			.map((key) -> decode(key, "authserver.keys.previous-encryption-keys"))
			.toList();
	}

	static SecretKey load(KeyProperties properties) {
		if (properties.encryptionKey() != null && !properties.encryptionKey().isBlank()) {
			return decode(properties.encryptionKey(), "authserver.keys.encryption-key");
		}
		Path file = properties.devEncryptionKeyFile().toAbsolutePath();
		log.warn(
				"No key-encryption key configured (authserver.keys.encryption-key); private signing keys (and the "
						+ "secrets of client_secret_jwt clients) are "
						+ "encrypted with a development key kept in {}. Configure a key of your own in production.",
				file);
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
			}
			return createDevelopmentKey(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the development key-encryption key " + file, ex);
		}
	}

	private static SecretKey createDevelopmentKey(Path file) throws IOException {
		byte[] key = new byte[KEY_BYTES];
		new SecureRandom().nextBytes(key);
		Files.createDirectories(file.getParent());
		// Readable by the owner alone from its creation, before the key is in it: setting
		// the permissions after the
		// write would leave a moment in which other users of the machine could read the
		// key.
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		else {
			Files.createFile(file);
		}
		Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
		return new SecretKeySpec(key, "AES");
	}

	private static SecretKey decode(String base64, String source) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The key-encryption key in " + source + " is not valid base64", ex);
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalStateException("The key-encryption key in " + source + " must be " + KEY_BYTES
					+ " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), not " + key.length);
		}
		return new SecretKeySpec(key, "AES");
	}

}
