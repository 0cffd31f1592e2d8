package dev.authserver.clients;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Throttling of failed client authentications; its filter stands with the other filters in front of the protocol
 * endpoints ({@code config.MalformedRequestFiltersConfig}).
 */
@Configuration(proxyBeanMethods = false)
class ClientAuthenticationThrottleConfig {

	@Bean
	ClientAuthenticationThrottle clientAuthenticationThrottle(ClientAuthenticationThrottleProperties properties,
			MeterRegistry meterRegistry) {
		return new ClientAuthenticationThrottle(properties,
				meterRegistry.counter("authserver.client.authentications.throttled"));
	}

}
