package dev.authserver.config;

import java.util.Set;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Filters ahead of the security filters that refuse malformed requests, in the protocol's shape, which the framework
 * would answer with a 500.
 */
@Configuration(proxyBeanMethods = false)
class MalformedRequestFiltersConfig {

	/** Right after the request id, before anything parses the path. */
	@Bean
	FilterRegistrationBean<PathParameterFilter> pathParameterFilter() {
		FilterRegistrationBean<PathParameterFilter> registration = new FilterRegistrationBean<>(
				new PathParameterFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/** After the token endpoint's metrics filter, so that refused token requests are counted as errors too. */
	@Bean
	FilterRegistrationBean<DuplicateParameterFilter> duplicateParameterFilter(AuthorizationServerSettings settings) {
		FilterRegistrationBean<DuplicateParameterFilter> registration = new FilterRegistrationBean<>(
				new DuplicateParameterFilter(Set.of(settings.getTokenEndpoint(),
						settings.getTokenIntrospectionEndpoint(), settings.getTokenRevocationEndpoint())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ClientWithoutRedirectUriFilter> clientWithoutRedirectUriFilter(
			AuthorizationServerSettings settings, RegisteredClientRepository registeredClientRepository) {
		FilterRegistrationBean<ClientWithoutRedirectUriFilter> registration = new FilterRegistrationBean<>(
				new ClientWithoutRedirectUriFilter(settings.getAuthorizationEndpoint(), registeredClientRepository));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
