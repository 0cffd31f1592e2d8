package dev.authserver.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain of the admin API ({@code /admin/api/**}): scripts and operators authenticate as an ADMIN user
 * with HTTP Basic on every request.
 * <p>
 * It is a chain of its own so that Basic credentials are accepted nowhere else: no browser page ever asks for them,
 * so no browser caches them and sends them along with a forged cross-site request. That is also why CSRF tokens are
 * not needed here.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiSecurityConfig {

	@Bean
	@Order(2)
	SecurityFilterChain adminApiSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher("/admin/api/**");
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasRole("ADMIN"));
		http.httpBasic(Customizer.withDefaults());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
