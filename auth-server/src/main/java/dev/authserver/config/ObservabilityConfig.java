package dev.authserver.config;

import dev.authserver.protocol.ServletFilterOrder;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Wires what makes a request traceable in the logs, and keeps observation off the hot
 * path.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfig {

	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		return ServletFilterOrder.REQUEST_ID.apply(new FilterRegistrationBean<>(new RequestIdFilter()));
	}

	/**
	 * No Micrometer observations from Spring Security. Left on, it wraps each of the
	 * twenty-odd filters of every request, and each authentication and authorization
	 * check, in an observation of its own: about a fifth of the CPU of a
	 * client-credentials token request went there. The server's own meters (tokens
	 * issued, logins, client authentications, token endpoint latency) and Boot's
	 * {@code http.server.requests} say what operators need.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
