package dev.authserver.clients;

import dev.authserver.protocol.ClientAuthenticatedEndpoints;
import dev.authserver.protocol.ServletFilterOrder;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Throttling of failed client authentications, and its filter in front of the endpoints
 * where clients authenticate, at the place {@link ServletFilterOrder} gives it among the
 * request guards.
 */
@Configuration(proxyBeanMethods = false)
class ClientAuthenticationThrottleConfig {

	@Bean
	ClientAuthenticationThrottle clientAuthenticationThrottle(ClientAuthenticationThrottleProperties properties,
			MeterRegistry meterRegistry) {
		return new ClientAuthenticationThrottle(properties,
				meterRegistry.counter("authserver.client.authentications.throttled"));
	}

	@Bean
	FilterRegistrationBean<ClientAuthenticationThrottleFilter> clientAuthenticationThrottleFilter(
			AuthorizationServerSettings settings, ClientAuthenticationThrottle throttle) {
		return ServletFilterOrder.CLIENT_AUTHENTICATION_THROTTLE.apply(new FilterRegistrationBean<>(
				new ClientAuthenticationThrottleFilter(ClientAuthenticatedEndpoints.of(settings), throttle)));
	}

}
