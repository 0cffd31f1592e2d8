package dev.authserver.par;

import java.time.Clock;

import dev.authserver.clients.ClientAssertionDecoderFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Pushed authorization requests and signed request objects; the chain's configuration
 * puts {@link AuthorizationRequestObjects} into both endpoints.
 */
@Configuration(proxyBeanMethods = false)
class ParConfig {

	@Bean
	JdbcUsedRequestObjects usedRequestObjects(JdbcClient jdbcClient) {
		return new JdbcUsedRequestObjects(jdbcClient);
	}

	@Bean
	AuthorizationRequestObjects authorizationRequestObjects(RegisteredClientRepository registeredClients,
			ClientAssertionDecoderFactory clientAssertionDecoderFactory, JdbcUsedRequestObjects usedRequestObjects,
			OAuth2AuthorizationService authorizationService, JdbcClient jdbcClient, ParProperties properties,
			AuthorizationServerSettings settings) {
		return new AuthorizationRequestObjects(registeredClients,
				new RequestObjectVerifier(clientAssertionDecoderFactory, settings.getIssuer(), Clock.systemUTC()),
				usedRequestObjects, new PushedRequests(authorizationService, jdbcClient, Clock.systemUTC()), properties,
				settings.getPushedAuthorizationRequestEndpoint());
	}

}
