package dev.authserver.config;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The filter chain of the protocol endpoints (authorize, token, JWKS, discovery, userinfo, introspection,
 * revocation, logout). It comes first, so the framework answers these requests in the protocol's own shape.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurityConfig {

	static final String CONSENT_PAGE = "/oauth2/consent";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) {
		http.oauth2AuthorizationServer((authorizationServer) -> {
			http.securityMatcher(authorizationServer.getEndpointsMatcher());
			authorizationServer.authorizationEndpoint((endpoint) -> endpoint.consentPage(CONSENT_PAGE));
			authorizationServer.oidc(Customizer.withDefaults());
		});
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
		// The UserInfo endpoint takes the access token as a bearer token.
		http.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		// A browser that reaches the authorization endpoint unauthenticated goes to the login page; API clients
		// keep getting the protocol's 401.
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserRequests()));
		return http.build();
	}

	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
