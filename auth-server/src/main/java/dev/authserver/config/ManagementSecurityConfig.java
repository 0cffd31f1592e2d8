package dev.authserver.config;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain of the actuator endpoints (health, info, Prometheus), which listen on
 * the management port only. Load balancers and Prometheus call them without credentials,
 * so that port must stay on the operators' network; the endpoints show no secret, no
 * token and no key material.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfig {

	@Bean
	@Order(0)
	SecurityFilterChain managementSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.toAnyEndpoint());
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
