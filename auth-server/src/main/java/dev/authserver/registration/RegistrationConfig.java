package dev.authserver.registration;

import java.time.Clock;

import dev.authserver.audit.AuditLog;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.clients.JdbcRegisteredClientStore;
import dev.authserver.keys.KeyProperties;
import dev.authserver.tokens.ResourceIndicators;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * Wires client registration: the metadata checks and the service shared by the endpoint and the console.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationConfig {

	@Bean
	ClientMetadataValidator clientMetadataValidator(RegistrationProperties properties) {
		return new ClientMetadataValidator(properties);
	}

	@Bean
	ClientRegistrationService clientRegistrationService(JdbcRegisteredClientRepository jdbcRegisteredClientRepository,
			JdbcRegisteredClientStore store, JdbcInitialAccessTokenRepository initialAccessTokens,
			ClientMetadataValidator clientMetadataValidator, ClientSecretEncoder clientSecretEncoder, JdbcClient jdbcClient,
			KeyProperties keys, AuditLog auditLog, ResourceIndicators resourceIndicators) {
		return new ClientRegistrationService(jdbcRegisteredClientRepository, store, initialAccessTokens,
				clientMetadataValidator, clientSecretEncoder, jdbcClient, Clock.systemUTC(), keys.maxTokenLifetime(),
				auditLog, resourceIndicators);
	}

}
