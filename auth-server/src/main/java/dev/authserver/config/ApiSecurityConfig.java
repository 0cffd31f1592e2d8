package dev.authserver.config;

import dev.authserver.registration.RegistrationBearerTokens;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chains of our JSON APIs, which no browser page uses: the admin API
 * ({@code /admin/api/**}), where scripts and operators authenticate as an ADMIN user with
 * HTTP Basic on every request, and the client registration endpoint
 * ({@code /oauth2/register}), whose bearer tokens (RFC 7591, RFC 7592) the chain checks.
 * <p>
 * They are chains of their own so that Basic credentials are accepted nowhere else: no
 * browser page ever asks for them, so no browser caches them and sends them along with a
 * forged cross-site request. Requests carry their credentials in the Authorization
 * header, never in cookies, so CSRF tokens are not needed here.
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
	 * Bearer tokens only: an initial access token or a registration access token, each
	 * looked up in the database by {@link RegistrationBearerTokens}. No HTTP Basic here:
	 * Basic credentials would only cost a password check (and a throttle count) on every
	 * request that carries them.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain registrationSecurityFilterChain(HttpSecurity http,
			RegistrationBearerTokens registrationBearerTokens) {
		http.securityMatcher("/oauth2/register", "/oauth2/register/**");
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
		http.oauth2ResourceServer(registrationBearerTokens::configure);
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
