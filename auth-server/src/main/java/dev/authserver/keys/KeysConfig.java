package dev.authserver.keys;

import java.time.Clock;

import dev.authserver.protocol.ServletFilterOrder;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Wires the signing-key storage, the key ring that signs tokens and its rotation
 * schedule.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfig {

	/**
	 * For the private signing keys, and for the client secrets the server must read back.
	 */
	@Bean
	KeyEncryptionCipher keyEncryptionCipher(KeyProperties properties) {
		return new KeyEncryptionCipher(KeyEncryptionKeys.load(properties), KeyEncryptionKeys.previous(properties));
	}

	@Bean
	JdbcSigningKeyRepository signingKeyRepository(JdbcClient jdbcClient, KeyEncryptionCipher keyEncryptionCipher) {
		return new JdbcSigningKeyRepository(jdbcClient, keyEncryptionCipher);
	}

	@Bean
	SigningKeyRotator signingKeyRotator(JdbcSigningKeyRepository signingKeyRepository, KeyProperties properties,
			MeterRegistry meterRegistry, ApplicationEventPublisher events) {
		return new SigningKeyRotator(signingKeyRepository, properties, Clock.systemUTC(),
				meterRegistry.counter("authserver.keys.rotations"), events);
	}

	/**
	 * Ready before the first request: stored keys re-encrypted if the key-encryption key
	 * changed, due rotations applied (the first key generated on an empty database), the
	 * ring loaded. A key-encryption key that opens none of the stored keys stops the
	 * start-up here.
	 */
	@Bean
	SigningKeyRing jwkSource(JdbcSigningKeyRepository signingKeyRepository, SigningKeyRotator signingKeyRotator) {
		// Before the first key is loaded, so every signer the encoder creates uses the
		// fastest provider.
		NativeCryptoProvider.installIfAvailable();
		signingKeyRotator.reencryptUnderCurrentKey();
		signingKeyRotator.advance();
		SigningKeyRing ring = new SigningKeyRing(signingKeyRepository);
		ring.reload();
		return ring;
	}

	@Bean
	FilterRegistrationBean<JwksEndpointFilter> jwksEndpointFilter(SigningKeyRing jwkSource,
			AuthorizationServerSettings settings, KeyProperties properties) {
		FilterRegistrationBean<JwksEndpointFilter> registration = new FilterRegistrationBean<>(
				new JwksEndpointFilter(settings.getJwkSetEndpoint(), jwkSource, properties.jwksMaxAge()));
		return ServletFilterOrder.JWKS.apply(registration);
	}

	@Bean
	SigningKeysHealthIndicator signingKeysHealthIndicator(SigningKeyRing jwkSource) {
		return new SigningKeysHealthIndicator(jwkSource);
	}

	@Bean
	SigningKeyScheduler signingKeyScheduler(SigningKeyRotator signingKeyRotator, SigningKeyRing jwkSource) {
		return new SigningKeyScheduler(signingKeyRotator, jwkSource);
	}

	/** Scheduled from the properties record, which holds the interval's one default. */
	@Bean
	SchedulingConfigurer signingKeySchedule(SigningKeyScheduler signingKeyScheduler, KeyProperties properties) {
		return (tasks) -> tasks.addFixedDelayTask(new FixedDelayTask(signingKeyScheduler::advanceAndReload,
				properties.checkInterval(), properties.checkInterval()));
	}

}
