package dev.authserver.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for the signing keys: how they are protected at rest and how they rotate.
 *
 * @param encryptionKey the key-encryption key that protects private signing keys at rest:
 * 32 random bytes, base64 (for example {@code openssl rand -base64 32}); when absent, a
 * development key is kept in {@code devEncryptionKeyFile}
 * @param previousEncryptionKeys earlier key-encryption keys, still accepted for reading;
 * keys stored under one of them are re-encrypted with {@code encryptionKey} at start-up
 * @param devEncryptionKeyFile where the development key-encryption key is generated and
 * kept when no {@code encryptionKey} is configured
 * @param rotationPeriod how long a key signs before the next one takes over
 * @param prePublication how long a new key is published in the JWKS before it signs
 * anything; at least {@code jwksMaxAge} plus {@code checkInterval}, so that every
 * instance serves it and a resource server's cached JWKS already holds it
 * @param jwksMaxAge how long clients may cache the JWKS ({@code Cache-Control: max-age})
 * @param maxTokenLifetime the longest lifetime of any access or ID token this server
 * issues (longer client settings are cut to it): a retired key stays published this long,
 * plus {@code clockSkew} and {@code checkInterval}
 * @param clockSkew the clock skew resource servers allow
 * @param checkInterval how often each instance applies due rotations and reloads the keys
 * from the database: the bound on how long an instance keeps signing with a key another
 * instance retired
 */
@ConfigurationProperties("authserver.keys")
public record KeyProperties(String encryptionKey, @DefaultValue List<String> previousEncryptionKeys,
		@DefaultValue("./data/dev-key-encryption.key") Path devEncryptionKeyFile,
		@DefaultValue("30d") Duration rotationPeriod, @DefaultValue("1h") Duration prePublication,
		@DefaultValue("5m") Duration jwksMaxAge, @DefaultValue("1h") Duration maxTokenLifetime,
		@DefaultValue("60s") Duration clockSkew, @DefaultValue("30s") Duration checkInterval) {

	public KeyProperties {
		if (prePublication.compareTo(jwksMaxAge.plus(checkInterval)) < 0) {
			throw new IllegalArgumentException("authserver.keys.pre-publication (" + prePublication
					+ ") must be at least authserver.keys.jwks-max-age (" + jwksMaxAge
					+ ") plus authserver.keys.check-interval (" + checkInterval
					+ "), or resource servers could meet a signing key missing from their cached JWKS");
		}
		if (rotationPeriod.compareTo(prePublication) <= 0) {
			throw new IllegalArgumentException("authserver.keys.rotation-period (" + rotationPeriod
					+ ") must be longer than authserver.keys.pre-publication (" + prePublication + ")");
		}
	}

	/**
	 * How long a retired key stays published: until every token it signed has expired,
	 * counting the tokens an instance that has not yet reloaded the keys signs with it.
	 */
	public Duration retiredKeyRetention() {
		return this.maxTokenLifetime.plus(this.clockSkew).plus(this.checkInterval);
	}

}
