package dev.authserver.registration;

import java.time.Clock;

import dev.authserver.clients.ClientAdministration;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.protocol.RequestBodyLimitFilter;
import dev.authserver.protocol.ServletFilterOrder;
import dev.authserver.tokens.ScopeProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * Wires client registration: the endpoint's service and bearer tokens, the one validator
 * of client metadata (whose development mode is this package's setting), and the bound on
 * what the endpoint reads.
 */
@Configuration(proxyBeanMethods = false)
class RegistrationConfig {

	@Bean
	ClientMetadataValidator clientMetadataValidator(RegistrationProperties properties, ScopeProperties scopes) {
		return new ClientMetadataValidator(properties.allowHttpLocalhost(), scopes.known());
	}

	/** Also for the consent page, which says whether a client registered itself. */
	@Bean
	JdbcClientRegistrationRepository clientRegistrationRepository(JdbcClient jdbcClient) {
		return new JdbcClientRegistrationRepository(jdbcClient);
	}

	@Bean
	ClientRegistrationService clientRegistrationService(ClientAdministration clientAdministration,
			JdbcRegisteredClientRepository jdbcRegisteredClientRepository,
			JdbcInitialAccessTokenRepository initialAccessTokens,
			JdbcClientRegistrationRepository clientRegistrationRepository, ScopeProperties scopes) {
		return new ClientRegistrationService(clientAdministration, jdbcRegisteredClientRepository, initialAccessTokens,
				clientRegistrationRepository, scopes.registrationDefault(), Clock.systemUTC());
	}

	/** For the endpoint's security filter chain ({@code config.ApiSecurityConfig}). */
	@Bean
	RegistrationBearerTokens registrationBearerTokens(JdbcInitialAccessTokenRepository initialAccessTokens,
			ClientRegistrationService clientRegistrationService) {
		return new RegistrationBearerTokens(initialAccessTokens, clientRegistrationService, Clock.systemUTC());
	}

	/**
	 * Before the security filters: the endpoint is open to anyone on the internet, so a
	 * body too large to be client metadata is refused before any token lookup or parsing.
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> registrationRequestBodyLimitFilter(
			RegistrationProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(Math.toIntExact(properties.maxRequestSize().toBytes())));
		registration.addUrlPatterns(ClientRegistrationController.ENDPOINT,
				ClientRegistrationController.ENDPOINT + "/*");
		return ServletFilterOrder.REGISTRATION_BODY_LIMIT.apply(registration);
	}

}
