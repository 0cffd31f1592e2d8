package dev.authserver.samples.resourceserver.config;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The API's one filter chain: a bearer token on every request, the scope each endpoint
 * needs, and RFC 6750 errors.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 §3</a>
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

	@Bean
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, OAuth2ResourceServerProperties properties,
			ServerProperties server) {
		http.authorizeHttpRequests(
				(authorize) -> authorize.requestMatchers(HttpMethod.GET, "/api/messages", "/api/messages/*")
					.hasAuthority("SCOPE_message.read")
					.requestMatchers(HttpMethod.POST, "/api/messages")
					.hasAuthority("SCOPE_message.write")
					.requestMatchers(HttpMethod.GET, "/api/downstream-identity")
					.hasAuthority("SCOPE_message.read")
					.requestMatchers("/api/me")
					.authenticated()
					.requestMatchers("/error")
					.permitAll()
					.anyRequest()
					.denyAll());
		// Spring Security also serves RFC 9728 metadata at
		// /.well-known/oauth-protected-resource and links it from each 401. It names the
		// auth-server, and claims certificate-bound tokens (RFC 8705) only when this API
		// can see certificates: HTTPS with client certificates requested.
		// AccessTokenConfig
		// checks a token's cnf.x5t#S256 either way, so a bound token is refused over
		// plain HTTP.
		boolean certificateBoundTokens = ClientCertificateConfig.clientCertificatesRequested(server);
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())
			.protectedResourceMetadata((metadata) -> metadata.protectedResourceMetadataCustomizer(
					(builder) -> builder.authorizationServer(properties.getJwt().getIssuerUri())
						.tlsClientCertificateBoundAccessTokens(certificateBoundTokens))));
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// CSRF abuses credentials the browser attaches by itself (cookies). This API
		// reads only the Authorization
		// header, which a cross-site page cannot make the browser send, so there is
		// nothing to forge.
		http.csrf(AbstractHttpConfigurer::disable);
		// Every caller is a bearer-token client, so every 401 and 403 carries
		// WWW-Authenticate: Bearer, also when the
		// request has no Authorization header at all.
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(new BearerTokenAuthenticationEntryPoint())
					.accessDeniedHandler(new BearerTokenAccessDeniedHandler()));
		return http.build();
	}

}
