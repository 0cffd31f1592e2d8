package dev.authserver.config;

import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.tokens.ResourceIndicators;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The filter chain of the protocol endpoints (authorize, token, JWKS, discovery, userinfo, introspection,
 * revocation, logout). It comes first, so the framework answers these requests in the protocol's own shape.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurityConfig {

	static final String CONSENT_PAGE = "/oauth2/consent";

	private static final String AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, AuthorizationServerSettings settings,
			ClientSecretEncoder clientSecretEncoder, AuditLog auditLog, ApplicationEventPublisher events,
			ResourceIndicators resourceIndicators) {
		http.oauth2AuthorizationServer((authorizationServer) -> {
			http.securityMatcher(authorizationServer.getEndpointsMatcher());
			// Client secrets are checked with their own fast encoder, not the users' slow password hash.
			authorizationServer.clientAuthentication((clientAuthentication) -> clientAuthentication
				.authenticationProviders((providers) -> providers.stream()
					.filter(ClientSecretAuthenticationProvider.class::isInstance)
					.map(ClientSecretAuthenticationProvider.class::cast)
					.forEach((provider) -> provider.setPasswordEncoder(clientSecretEncoder))));
			IssuerIdentifiedAuthorizationResponses authorizationResponses = new IssuerIdentifiedAuthorizationResponses(
					settings.getIssuer());
			authorizationServer.authorizationEndpoint((endpoint) -> endpoint.consentPage(CONSENT_PAGE)
				.authorizationResponseHandler(authorizationResponses)
				.errorResponseHandler(authorizationResponses)
				.authenticationProviders((providers) -> providers.stream()
					.filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
					.map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
					.forEach((provider) -> provider.setAuthenticationValidator(
							new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(new ProofKeyRequired())
								.andThen(resourceIndicators::checkAuthorizationRequest)))));
			// Our own RFC 7591/7592 endpoint (in the registration package) is advertised in both documents, and so
			// is the iss parameter of authorization responses (RFC 9207 §3).
			String registrationEndpoint = settings.getIssuer() + "/oauth2/register";
			authorizationServer.authorizationServerMetadataEndpoint((metadata) -> metadata
				.authorizationServerMetadataCustomizer((builder) -> builder.clientRegistrationEndpoint(registrationEndpoint)
					.claim(AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED, true)));
			authorizationServer.oidc((oidc) -> oidc
				.providerConfigurationEndpoint((configuration) -> configuration
					.providerConfigurationCustomizer((builder) -> builder.clientRegistrationEndpoint(registrationEndpoint)
						.claim(AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED, true)))
				.logoutEndpoint((logout) -> logout.logoutResponseHandler(auditedLogoutResponse(events))));
			authorizationServer.tokenRevocationEndpoint((revocation) -> revocation
				.revocationResponseHandler((request, response, authentication) -> {
					OAuth2TokenRevocationAuthenticationToken revoked = (OAuth2TokenRevocationAuthenticationToken) authentication;
					auditLog.record(AuditEventType.TOKEN_REVOKED, Outcome.SUCCESS, revoked.getName(), revoked.getName(),
							(revoked.getTokenTypeHint() != null) ? "token_type_hint=" + revoked.getTokenTypeHint() : null);
					response.setStatus(HttpStatus.OK.value());
				}));
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

	/**
	 * Decodes the bearer tokens the UserInfo endpoint receives: only our own RS256 access tokens ({@code at+jwt},
	 * our issuer, the issuer in {@code aud}), so an ID token or a token meant for another API cannot stand in.
	 *
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthorizationServerSettings settings) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
			.issuer(settings.getIssuer())
			.audience(settings.getIssuer())
			// Any of our clients may call UserInfo; the claim only has to be there.
			.validators((validators) -> validators.put("client_id",
					new JwtClaimValidator<String>("client_id", StringUtils::hasText)))
			.build());
		return decoder;
	}

	/**
	 * The framework's RP-initiated logout response, whose sign-out also publishes the {@link LogoutSuccessEvent} that
	 * a form logout publishes, so both reach the audit log.
	 */
	private static OidcLogoutAuthenticationSuccessHandler auditedLogoutResponse(ApplicationEventPublisher events) {
		SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();
		OidcLogoutAuthenticationSuccessHandler logoutResponse = new OidcLogoutAuthenticationSuccessHandler();
		logoutResponse.setLogoutHandler((request, response, authentication) -> {
			OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
			if (logout.isPrincipalAuthenticated()) {
				Authentication user = (Authentication) logout.getPrincipal();
				signOut.logout(request, response, user);
				events.publishEvent(new LogoutSuccessEvent(user));
			}
		});
		return logoutResponse;
	}

	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
