package dev.authserver.registration;

import java.time.Clock;

import dev.authserver.audit.AuditLog;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.clients.JdbcRegisteredClientStore;
import dev.authserver.keys.KeyProperties;
import dev.authserver.tokens.ResourceIndicators;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * Wires client registration: the metadata checks and the service shared by the endpoint and the console, and the
 * bound on what the endpoint reads.
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

	/**
	 * Right after the request id, before the security filters: the endpoint is open to anyone on the internet, so a
	 * body too large to be client metadata is refused before any token lookup or parsing.
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> registrationRequestBodyLimitFilter(RegistrationProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(Math.toIntExact(properties.maxRequestSize().toBytes())));
		registration.addUrlPatterns(ClientRegistrationController.ENDPOINT, ClientRegistrationController.ENDPOINT + "/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
