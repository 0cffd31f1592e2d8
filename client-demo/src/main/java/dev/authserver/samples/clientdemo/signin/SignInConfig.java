package dev.authserver.samples.clientdemo.signin;

import dev.authserver.samples.clientdemo.api.MessagesApi;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signs users in with the authorization code flow (PKCE, state and nonce) and out at the
 * auth-server too; signs them out here when their session at the auth-server ends.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ClientProperties.class)
class SignInConfig {

	@Bean
	LazyClientRegistrationRepository clientRegistrationRepository(OAuth2ClientProperties properties) {
		return new LazyClientRegistrationRepository(properties);
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ClientRegistrationRepository registrations) {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/", "/machine", "/device", "/device/reset", "/sign-in-error", "/css/**", "/favicon.ico",
					"/error")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.oauth2Login((login) -> login
			// A page that needs a user starts the sign-in at once; there is only one
			// place to sign in.
			.loginPage("/oauth2/authorization/" + MessagesApi.USER)
			.authorizationEndpoint((endpoint) -> endpoint
				.authorizationRequestResolver(new StepUpAuthorizationRequests(pkceEverywhere(registrations))))
			.failureHandler(signInFailureHandler())
			.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
				@Override
				public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
					filter.setAuthenticationFailureHandler(signInFailureHandler());
					return filter;
				}
			}));
		http.oauth2Client(Customizer.withDefaults());
		http.logout((logout) -> logout.logoutSuccessHandler(endSessionAtAuthServer(registrations)));
		// OpenID Connect Back-Channel Logout: the auth-server posts a logout token to
		// /logout/connect/back-channel/demo when the user's session there ends
		// (signed out elsewhere, ended by an admin), and this app's session ends too.
		http.oidcLogout((logout) -> logout.backChannel(Customizer.withDefaults()));
		return http.build();
	}

	/**
	 * PKCE for this confidential client too (RFC 9700 §2.1.1); Spring adds it by itself
	 * only for public clients.
	 */
	private static DefaultOAuth2AuthorizationRequestResolver pkceEverywhere(
			ClientRegistrationRepository registrations) {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, "/oauth2/authorization");
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		return resolver;
	}

	/**
	 * A sign-in that cannot start (the auth-server is down) or that the auth-server ended
	 * with an error (e.g. {@code access_denied}) goes to a page that explains it.
	 */
	private static AuthenticationFailureHandler signInFailureHandler() {
		return (request, response, exception) -> {
			String error = (exception.getCause() instanceof AuthorizationServerUnavailableException)
					? OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE
					: (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
							: "sign_in_failed";
			response.sendRedirect(UriComponentsBuilder.fromPath(request.getContextPath() + "/sign-in-error")
				.queryParam("error", error)
				.build()
				.encode()
				.toUriString());
		};
	}

	/**
	 * OpenID Connect RP-initiated logout: the auth-server ends its session and sends the
	 * browser back here.
	 */
	private static OidcClientInitiatedLogoutSuccessHandler endSessionAtAuthServer(
			ClientRegistrationRepository registrations) {
		OidcClientInitiatedLogoutSuccessHandler handler = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		handler.setPostLogoutRedirectUri("{baseUrl}/");
		return handler;
	}

}
