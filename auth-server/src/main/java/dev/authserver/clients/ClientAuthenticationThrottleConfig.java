package dev.authserver.clients;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Throttling of failed client authentications, in front of the endpoints where clients authenticate.
 */
@Configuration(proxyBeanMethods = false)
class ClientAuthenticationThrottleConfig {

	@Bean
	ClientAuthenticationThrottle clientAuthenticationThrottle(ClientAuthenticationThrottleProperties properties,
			MeterRegistry meterRegistry) {
		return new ClientAuthenticationThrottle(properties,
				meterRegistry.counter("authserver.client.authentications.throttled"));
	}

	/**
	 * Before Spring Security, so a throttled request costs no secret check; after the filter that refuses repeated
	 * or unparsable parameters, as this one reads {@code client_id}.
	 */
	@Bean
	FilterRegistrationBean<ClientAuthenticationThrottleFilter> clientAuthenticationThrottleFilter(
			AuthorizationServerSettings settings, ClientAuthenticationThrottle throttle) {
		FilterRegistrationBean<ClientAuthenticationThrottleFilter> registration = new FilterRegistrationBean<>(
				new ClientAuthenticationThrottleFilter(Set.of(settings.getTokenEndpoint(),
						settings.getTokenIntrospectionEndpoint(), settings.getTokenRevocationEndpoint()), throttle));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

}
