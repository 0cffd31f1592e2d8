package dev.authserver.keys;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the signing-key storage and the JWK source that signs tokens.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfig {

	@Bean
	JdbcSigningKeyRepository signingKeyRepository(JdbcClient jdbcClient, KeyProperties properties) {
		return new JdbcSigningKeyRepository(jdbcClient, new PrivateKeyCipher(KeyEncryptionKeys.load(properties)));
	}

	@Bean
	SigningKeyRing jwkSource(JdbcSigningKeyRepository signingKeyRepository) {
		return new SigningKeyRing(signingKeyRepository, Clock.systemUTC());
	}

}
