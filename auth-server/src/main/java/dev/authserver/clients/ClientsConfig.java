package dev.authserver.clients;

import java.time.Clock;

import dev.authserver.audit.AuditLog;
import dev.authserver.keys.KeyEncryptionCipher;
import dev.authserver.keys.KeyProperties;
import dev.authserver.tokens.ResourceIndicators;
import dev.authserver.tokens.TokenProperties;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * Keeps registered clients in the database, and registers the clients declared in Boot's
 * properties.
 */
@Configuration(proxyBeanMethods = false)
class ClientsConfig {

	/**
	 * Every client, enabled or not: for the stores of authorizations and consents, and
	 * for administration.
	 */
	@Bean
	CachingRegisteredClientRepository jdbcRegisteredClientRepository(JdbcOperations jdbcOperations,
			ClientCacheProperties cacheProperties) {
		return new CachingRegisteredClientRepository(jdbcOperations, cacheProperties);
	}

	@Bean
	JdbcRegisteredClientStore registeredClientStore(JdbcClient jdbcClient,
			CachingRegisteredClientRepository jdbcRegisteredClientRepository, ClientCacheProperties cacheProperties) {
		return new JdbcRegisteredClientStore(jdbcClient, jdbcRegisteredClientRepository, cacheProperties);
	}

	/** The clients the protocol endpoints see: the enabled ones. */
	@Bean
	@Primary
	EnabledClientsRepository registeredClientRepository(
			CachingRegisteredClientRepository jdbcRegisteredClientRepository, JdbcRegisteredClientStore store) {
		return new EnabledClientsRepository(jdbcRegisteredClientRepository, store);
	}

	@Bean
	ClientSecretEncoder clientSecretEncoder(KeyEncryptionCipher keyEncryptionCipher) {
		return new ClientSecretEncoder(keyEncryptionCipher);
	}

	/**
	 * Before the first request, like the signing keys: secrets still encrypted under a
	 * previous key-encryption key move to the current one.
	 */
	@Bean
	SmartInitializingSingleton clientSecretReencryption(JdbcRegisteredClientStore registeredClientStore,
			ClientSecretEncoder clientSecretEncoder) {
		return () -> registeredClientStore.reencryptSecretsUnderCurrentKey(clientSecretEncoder);
	}

	/**
	 * @param clientMetadataValidator the one validator of client metadata, which the
	 * registration configuration builds: it owns the development-mode switch,
	 * {@code authserver.registration.allow-http-localhost}
	 */
	@Bean
	ClientAdministration clientAdministration(JdbcRegisteredClientRepository jdbcRegisteredClientRepository,
			JdbcRegisteredClientStore store, ClientMetadataValidator clientMetadataValidator,
			ClientSecretEncoder clientSecretEncoder, KeyProperties keys, AuditLog auditLog,
			ResourceIndicators resourceIndicators) {
		return new ClientAdministration(jdbcRegisteredClientRepository, store, clientMetadataValidator,
				new ClientSecrets(clientSecretEncoder), Clock.systemUTC(), keys.maxTokenLifetime(), auditLog,
				resourceIndicators);
	}

	@Bean
	DeclaredClientRegistrar declaredClientRegistrar(OAuth2AuthorizationServerProperties properties,
			JdbcRegisteredClientRepository jdbcRegisteredClientRepository, ClientSecretEncoder clientSecretEncoder,
			ClientMetadataValidator clientMetadataValidator, TokenProperties tokenProperties,
			ResourceIndicators resourceIndicators, DeclaredClientProperties declaredClientProperties,
			KeyProperties keys, Environment environment) {
		return new DeclaredClientRegistrar(properties, jdbcRegisteredClientRepository, clientSecretEncoder,
				clientMetadataValidator, tokenProperties, resourceIndicators, declaredClientProperties,
				keys.maxTokenLifetime(), environment);
	}

}
