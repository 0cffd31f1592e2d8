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
 * The filter chains of our JSON APIs, which no browser page uses: the admin API ({@code /admin/api/**}), where
 * scripts and operators authenticate as an ADMIN user with HTTP Basic on every request, and the client registration
 * endpoint ({@code /oauth2/register}), which checks its own bearer tokens (RFC 7591, RFC 7592).
 * <p>
 * They are chains of their own so that Basic credentials are accepted nowhere else: no browser page ever asks for them,
 * so no browser caches them and sends them along with a forged cross-site request. Requests carry their credentials
 * in the Authorization header, never in cookies, so CSRF tokens are not needed here.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

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

	/**
	 * No HTTP Basic here: the endpoint reads its own bearer tokens, and Basic credentials would only cost a password
	 * check (and a throttle count) on every request that carries them.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain registrationSecurityFilterChain(HttpSecurity http) {
		http.securityMatcher("/oauth2/register", "/oauth2/register/**");
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().permitAll());
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
