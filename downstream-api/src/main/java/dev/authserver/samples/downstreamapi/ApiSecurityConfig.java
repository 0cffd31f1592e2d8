package dev.authserver.samples.downstreamapi;

import java.util.Collections;
import java.util.List;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A bearer token on every request, RFC 6750 errors, and tokens only for this API: signed
 * RFC 9068 access tokens of the configured issuer whose {@code aud} names it. The
 * resource server in front calls it with a token it exchanged for this audience; the
 * token it was called with itself is refused (401, {@code invalid_token}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

	@Bean
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/api/identity")
			.authenticated()
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.denyAll());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		// Only the Authorization header is read, which no cross-site page can make a
		// browser send: nothing to forge.
		http.csrf(AbstractHttpConfigurer::disable);
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(new BearerTokenAuthenticationEntryPoint())
					.accessDeniedHandler(new BearerTokenAccessDeniedHandler()));
		return http.build();
	}

	/**
	 * The JWKS is read on the first token, not at start-up, so the API starts while the
	 * auth-server is down.
	 */
	@Bean
	JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		List<String> audiences = jwt.getAudiences();
		Assert.state(!audiences.isEmpty(), "spring.security.oauth2.resourceserver.jwt.audiences must name this API");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
			.jwsAlgorithms((algorithms) -> jwt.getJwsAlgorithms()
				.forEach((name) -> algorithms.add(SignatureAlgorithm.from(name))))
			.build();
		OAuth2TokenValidator<Jwt> accessTokens = JwtValidators.createAtJwtValidator()
			.issuer(jwt.getIssuerUri())
			.validators((validators) -> validators.put(JwtClaimNames.AUD,
					new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
							(aud) -> aud != null && !Collections.disjoint(aud, audiences))))
			// Whichever client exchanged the token (RFC 9068 §2.2 requires the claim).
			.validators((validators) -> validators.put("client_id",
					new JwtClaimValidator<String>("client_id", StringUtils::hasText)))
			.build();
		decoder.setJwtValidator(accessTokens);
		return decoder;
	}

}
