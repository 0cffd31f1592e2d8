package dev.authserver.clients;

import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * Keeps registered clients in the database, and registers the clients declared in Boot's properties.
 */
@Configuration(proxyBeanMethods = false)
class ClientsConfig {

	@Bean
	JdbcRegisteredClientRepository registeredClientRepository(JdbcOperations jdbcOperations) {
		return new JdbcRegisteredClientRepository(jdbcOperations);
	}

	@Bean
	DeclaredClientRegistrar declaredClientRegistrar(OAuth2AuthorizationServerProperties properties,
			JdbcRegisteredClientRepository registeredClientRepository, PasswordEncoder passwordEncoder) {
		return new DeclaredClientRegistrar(properties, registeredClientRepository, passwordEncoder);
	}

}
