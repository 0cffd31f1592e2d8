package dev.authserver.keys;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for the signing keys.
 *
 * @param encryptionKey the key-encryption key that protects private signing keys at rest: 32 random bytes, base64
 * (for example {@code openssl rand -base64 32}); when absent, a development key is kept in
 * {@code devEncryptionKeyFile}
 * @param devEncryptionKeyFile where the development key-encryption key is generated and kept when no
 * {@code encryptionKey} is configured
 */
@ConfigurationProperties("authserver.keys")
public record KeyProperties(String encryptionKey,
		@DefaultValue("./data/dev-key-encryption.key") Path devEncryptionKeyFile) {
}
