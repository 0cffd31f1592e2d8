package dev.authserver.config;

import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.authserver.audit.AuditLog;
import dev.authserver.audit.TokenRevocationAuditor;
import dev.authserver.clients.ClientAssertionDecoderFactory;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.protocol.AuthorizationEndpointCustomizer;
import dev.authserver.protocol.ClientAuthenticatedEndpoints;
import dev.authserver.protocol.OAuth2ErrorPage;
import dev.authserver.protocol.OAuth2ErrorResponses;
import dev.authserver.protocol.ServerMetadata;
import dev.authserver.tokens.RefreshTokenLifetimes;
import dev.authserver.tokens.ResourceIndicators;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2ClientAuthenticationConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OidcConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

/**
 * The filter chain of the protocol endpoints (authorize, token, JWKS, discovery,
 * userinfo, introspection, revocation, logout). It comes first, so the framework answers
 * these requests in the protocol's own shape.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurityConfig {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, AuthorizationServerSettings settings,
			ClientSecretEncoder clientSecretEncoder, ClientAssertionDecoderFactory clientAssertionDecoderFactory,
			AuditLog auditLog, ApplicationEventPublisher events, ResourceIndicators resourceIndicators,
			RefreshTokenLifetimes refreshTokenLifetimes) {
		ServerMetadata metadata = new ServerMetadata(settings.getIssuer(),
				ClientAssertionDecoderFactory.SIGNING_ALGORITHMS);
		http.oauth2AuthorizationServer((authorizationServer) -> {
			http.securityMatcher(authorizationServer.getEndpointsMatcher());
			authorizationServer
				.clientAuthentication(clientAuthentication(clientSecretEncoder, clientAssertionDecoderFactory))
				.authorizationEndpoint(new AuthorizationEndpointCustomizer(settings.getIssuer(),
						resourceIndicators::checkAuthorizationRequest))
				.tokenEndpoint((endpoint) -> endpoint.authenticationProviders(
						(providers) -> issueRefreshTokensWith(refreshTokenLifetimes, http, providers)))
				.authorizationServerMetadataEndpoint((endpoint) -> endpoint
					.authorizationServerMetadataCustomizer((builder) -> builder.claims(metadata::addTo)))
				.oidc(oidc(metadata, events))
				.tokenRevocationEndpoint(
						(endpoint) -> endpoint.revocationResponseHandler(new TokenRevocationAuditor(auditLog)));
		});
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated());
		// The UserInfo endpoint takes the access token as a bearer token, and only that
		// endpoint: anywhere else in this
		// chain an access token would sign the user in, and the authorization endpoint
		// would issue a new code for it
		// without a login.
		// MalformedRequestTests.tokenRequestWhenClientSendsABearerTokenThenInvalidClientAsJson
		// pins it.
		RequestMatcher userInfo = PathPatternRequestMatcher.withDefaults().matcher(settings.getOidcUserInfoEndpoint());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenResolver(bearerTokensAt(userInfo))
			.jwt(Customizer.withDefaults()));
		// A browser that reaches the authorization endpoint unauthenticated goes to the
		// login page; API clients
		// keep getting the protocol's 401. A client that sends no credentials at all gets
		// the 401 of RFC 6749 §5.2,
		// whatever it accepts.
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(clientAuthenticationRequired(),
					ClientAuthenticatedEndpoints.of(settings))
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserRequests()));
		DefaultSecurityFilterChain chain = http.build();
		// The same for DPoP-bound access tokens (RFC 9449): the resource server adds
		// their filter, a plain
		// AuthenticationFilter, with no setting for where it applies, so it is found in
		// the built chain.
		// MalformedRequestTests.tokenRequestWhenClientSendsADPoPAuthorizationThenInvalidClientAsJson
		// pins it.
		// Upstream: https://github.com/spring-projects/spring-security/issues/16940
		chain.getFilters()
			.stream()
			.filter(AuthenticationFilter.class::isInstance)
			.forEach((filter) -> ((AuthenticationFilter) filter).setRequestMatcher(dpopProofsAt(userInfo)));
		return chain;
	}

	/**
	 * Client secrets are checked with their own fast encoder, not the users' slow
	 * password hash; signed assertions (RFC 7523) with decoders that follow key changes
	 * and accept each assertion once.
	 */
	private static Customizer<OAuth2ClientAuthenticationConfigurer> clientAuthentication(
			ClientSecretEncoder clientSecretEncoder, ClientAssertionDecoderFactory clientAssertionDecoderFactory) {
		return (clientAuthentication) -> clientAuthentication
			.authenticationProviders((providers) -> providers.forEach((provider) -> {
				if (provider instanceof ClientSecretAuthenticationProvider secrets) {
					secrets.setPasswordEncoder(clientSecretEncoder);
				}
				else if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
					assertions.setJwtDecoderFactory(clientAssertionDecoderFactory);
				}
			}));
	}

	/**
	 * Rebuilds the token endpoint's providers that issue refresh tokens around a
	 * generator whose refresh tokens have our lifetimes. The framework builds its token
	 * generator only when the application declares none, and the JWT part of it (with the
	 * DPoP and mutual-TLS confirmation claims) has no public API; by the time the
	 * providers are handed to us, the generator it built is a shared object, as are the
	 * authorization service and session registry the providers were built with.
	 * RefreshTokenIdleTimeoutTests fails if the rebuilt providers stop being used.
	 * <p>
	 * No upstream issue found as of 2026-12; the generator is built in the
	 * package-private {@code OAuth2ConfigurerUtils.getTokenGenerator} (JWT part in
	 * {@code getJwtGenerator}).
	 */
	private static void issueRefreshTokensWith(RefreshTokenLifetimes refreshTokenLifetimes, HttpSecurity http,
			List<AuthenticationProvider> providers) {
		OAuth2TokenGenerator<?> tokenGenerator = refreshTokenLifetimes
			.around(http.getSharedObject(OAuth2TokenGenerator.class));
		OAuth2AuthorizationService authorizationService = http.getSharedObject(OAuth2AuthorizationService.class);
		providers.replaceAll((provider) -> {
			if (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider) {
				OAuth2AuthorizationCodeAuthenticationProvider codes = new OAuth2AuthorizationCodeAuthenticationProvider(
						authorizationService, tokenGenerator);
				SessionRegistry sessionRegistry = http.getSharedObject(SessionRegistry.class);
				if (sessionRegistry != null) {
					codes.setSessionRegistry(sessionRegistry);
				}
				return codes;
			}
			if (provider instanceof OAuth2RefreshTokenAuthenticationProvider) {
				return new OAuth2RefreshTokenAuthenticationProvider(authorizationService, tokenGenerator);
			}
			if (provider instanceof OAuth2DeviceCodeAuthenticationProvider) {
				return new OAuth2DeviceCodeAuthenticationProvider(authorizationService, tokenGenerator);
			}
			return provider;
		});
	}

	/**
	 * The OpenID document with the same additions as the OAuth one, and RP-initiated
	 * logout in the audit log, its refusals on our error page with their error code.
	 */
	private static Customizer<OidcConfigurer> oidc(ServerMetadata metadata, ApplicationEventPublisher events) {
		return (oidc) -> oidc.providerConfigurationEndpoint(
				(endpoint) -> endpoint.providerConfigurationCustomizer((builder) -> builder.claims(metadata::addTo)))
			.logoutEndpoint((logout) -> logout.logoutResponseHandler(auditedLogoutResponse(events))
				.errorResponseHandler(new OAuth2ErrorPage()));
	}

	/**
	 * Decodes the bearer tokens the UserInfo endpoint receives: only our own RS256 access
	 * tokens ({@code at+jwt}, our issuer, the issuer in {@code aud}), so an ID token or a
	 * token meant for another API cannot stand in.
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
	 * The framework's RP-initiated logout response, whose sign-out also publishes the
	 * {@link LogoutSuccessEvent} that a form logout publishes, so both reach the audit
	 * log.
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

	/**
	 * Reads bearer tokens at these requests only. Elsewhere an
	 * {@code Authorization: Bearer} header is a client's mistake for the endpoint to
	 * answer ({@code invalid_client} at the token endpoint).
	 * <p>
	 * No upstream issue found as of 2026-12; {@code DefaultBearerTokenResolver.resolve}
	 * reads the header on every request of the chain.
	 */
	private static BearerTokenResolver bearerTokensAt(RequestMatcher requests) {
		DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
		return (request) -> requests.matches(request) ? resolver.resolve(request) : null;
	}

	/**
	 * The requests Spring Security's DPoP filter (RFC 9449) handles:
	 * {@code Authorization: DPoP} at these.
	 */
	private static RequestMatcher dpopProofsAt(RequestMatcher requests) {
		return (request) -> requests.matches(request)
				&& StringUtils.startsWithIgnoreCase(request.getHeader(HttpHeaders.AUTHORIZATION), "DPoP");
	}

	/**
	 * RFC 6749 §5.2's answer to a token, introspection or revocation request without any
	 * client credentials: 401 with {@code invalid_client} as JSON, as the framework
	 * answers wrong ones. Otherwise these requests would meet the UserInfo endpoint's
	 * bearer-token challenge, with an empty body.
	 */
	private static AuthenticationEntryPoint clientAuthenticationRequired() {
		return (request, response, exception) -> OAuth2ErrorResponses.send(response, HttpStatus.UNAUTHORIZED,
				new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null));
	}

	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
