package dev.authserver.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import dev.authserver.audit.AuditLog;
import dev.authserver.audit.TokenRevocationAuditor;
import dev.authserver.clients.ClientAssertionDecoderFactory;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.device.DeviceGrant;
import dev.authserver.exchange.TokenExchangeGrant;
import dev.authserver.factors.SecondFactorAuthorization;
import dev.authserver.mtls.ClientCertificateAuthenticationConverter;
import dev.authserver.mtls.ClientCertificateVerifier;
import dev.authserver.mtls.MtlsEndpoints;
import dev.authserver.par.AuthorizationRequestObjects;
import dev.authserver.par.Fapi2SecurityProfile;
import dev.authserver.protocol.AuthorizationEndpointCustomizer;
import dev.authserver.protocol.ClientAuthenticatedEndpoints;
import dev.authserver.protocol.OAuth2ErrorPage;
import dev.authserver.protocol.ServerMetadata;
import dev.authserver.protocol.SignInFactors;
import dev.authserver.protocol.UserInfoAccessTokens;
import dev.authserver.sessions.FrontChannelLogoutPage;
import dev.authserver.sessions.SessionEndingLogoutHandler;
import dev.authserver.tokens.IdTokenClaims;
import dev.authserver.tokens.RefreshTokenLifetimes;
import dev.authserver.tokens.RequestedClaims;
import dev.authserver.tokens.ResourceIndicators;
import dev.authserver.tokens.ScopeProperties;
import dev.authserver.tokens.TokenIntrospectors;
import dev.authserver.tokens.UserInfoClaims;

import org.thymeleaf.ITemplateEngine;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2ClientAuthenticationConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OidcConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.X509ClientCertificateAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.web.authentication.PublicClientAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.X509ClientCertificateAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The filter chain of the protocol endpoints (authorize, token, JWKS, discovery,
 * userinfo, introspection, revocation, logout, device authorization and verification). It
 * comes first, so the framework answers these requests in the protocol's own shape.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurityConfig {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, AuthorizationServerSettings settings,
			ClientSecretEncoder clientSecretEncoder, ClientAssertionDecoderFactory clientAssertionDecoderFactory,
			AuditLog auditLog, ApplicationEventPublisher events, ResourceIndicators resourceIndicators,
			RefreshTokenLifetimes refreshTokenLifetimes, TokenIntrospectors tokenIntrospectors, ScopeProperties scopes,
			OAuth2AuthorizationService authorizationService, ITemplateEngine templateEngine,
			UserInfoClaims userInfoClaims, RegisteredClientRepository registeredClients,
			JWKSource<SecurityContext> jwkSource, SessionEndingLogoutHandler sessionEnding,
			ClientCertificateVerifier clientCertificateVerifier, MtlsEndpoints mtlsEndpoints, DeviceGrant deviceGrant,
			AuthorizationRequestObjects requestObjects, TokenExchangeGrant tokenExchange,
			SecondFactorAuthorization secondFactor) {
		AuthorizationEndpointCustomizer authorizationEndpoint = new AuthorizationEndpointCustomizer(
				settings.getIssuer(), authorizationService, templateEngine, requestObjects::converter,
				requestObjects::check, requestObjects::redeem, authorizationRequestChecks(resourceIndicators));
		List<String> requestObjectAlgorithms = ClientAssertionDecoderFactory.SIGNING_ALGORITHMS.stream()
			.map(JwsAlgorithm::getName)
			.toList();
		Consumer<Map<String, Object>> requestObjectMetadata = (claims) -> requestObjects.addMetadataTo(claims,
				settings.getIssuer(), requestObjectAlgorithms);
		ServerMetadata metadata = new ServerMetadata(settings, ClientAssertionDecoderFactory.SIGNING_ALGORITHMS,
				ClientMetadataValidator.GRANT_TYPES, scopes.known(), IdTokenClaims.SUPPORTED, mtlsEndpoints::aliases);
		http.oauth2AuthorizationServer((authorizationServer) -> {
			http.securityMatcher(authorizationServer.getEndpointsMatcher());
			authorizationServer
				.clientAuthentication(clientAuthentication(clientSecretEncoder, clientAssertionDecoderFactory,
						clientCertificateVerifier, new ClientCertificateAuthenticationConverter(registeredClients),
						deviceGrant))
				.authorizationEndpoint(authorizationEndpoint)
				.deviceAuthorizationEndpoint(deviceGrant.authorizationEndpoint())
				.deviceVerificationEndpoint(deviceGrant.verificationEndpoint())
				.pushedAuthorizationRequestEndpoint(
						requestObjects.pushedAuthorizationRequestEndpoint(authorizationEndpoint.requestChecks()))
				.tokenEndpoint((endpoint) -> endpoint.accessTokenRequestConverter(tokenExchange.requestConverter())
					.authenticationProviders((providers) -> {
						issueRefreshTokensWith(refreshTokenLifetimes, deviceGrant, http, providers);
						tokenExchange.withPolicies(providers, http.getSharedObject(OAuth2AuthorizationService.class),
								http.getSharedObject(OAuth2TokenGenerator.class));
						Fapi2SecurityProfile.requireSenderConstrainedTokens(providers);
					}))
				.authorizationServerMetadataEndpoint((endpoint) -> endpoint.authorizationServerMetadataCustomizer(
						(builder) -> builder.claims(metadata::addTo).claims(requestObjectMetadata)))
				.tokenIntrospectionEndpoint((endpoint) -> endpoint
					.authenticationProviders((providers) -> providers.replaceAll((provider) -> {
						if (provider instanceof OAuth2TokenIntrospectionAuthenticationProvider) {
							return tokenIntrospectors.restrict(provider);
						}
						return provider;
					})))
				.oidc(oidc(metadata, requestObjectMetadata, events, userInfoClaims, sessionEnding))
				.tokenRevocationEndpoint(
						(endpoint) -> endpoint.revocationResponseHandler(new TokenRevocationAuditor(auditLog)));
		});
		// A signed-in user who owes a second factor (theirs, the client's, or the
		// request's
		// acr_values) is sent to its step before the authorization and verification
		// endpoints serve them.
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().access(secondFactor.protocolEndpoints()));
		// The device verification page is a page of ours in this chain: it gets the
		// pages' policy, and no Referer leaks the user code in its address.
		RequestMatcher verificationPage = PathPatternRequestMatcher.withDefaults()
			.matcher(deviceGrant.verificationPage());
		http.headers(
				(headers) -> headers
					.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(verificationPage,
							new StaticHeadersWriter("Content-Security-Policy",
									WebSecurityConfig.CONTENT_SECURITY_POLICY)))
					.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(verificationPage,
							new StaticHeadersWriter("Referrer-Policy", "no-referrer"))));
		// prompt=none must answer login_required where this check would show the login
		// form; prompt=login and max_age show it where this check would let the user
		// through.
		http.addFilterBefore(authorizationEndpoint.signInRequirements(registeredClients, jwkSource),
				AuthorizationFilter.class);
		UserInfoAccessTokens accessTokens = new UserInfoAccessTokens(settings);
		http.oauth2ResourceServer(
				(resourceServer) -> resourceServer.bearerTokenResolver(accessTokens.bearerTokenResolver())
					.jwt(Customizer.withDefaults()));
		// A browser that reaches the authorization endpoint unauthenticated goes to the
		// login page; API clients keep getting the protocol's 401. A client that sends no
		// credentials at all gets the 401 of RFC 6749 §5.2, whatever it accepts.
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(ClientAuthenticatedEndpoints.authenticationRequired(),
					ClientAuthenticatedEndpoints.of(settings))
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserRequests())
			.defaultDeniedHandlerForMissingAuthority(secondFactor.secondStep(), SignInFactors.OTP_AUTHORITY));
		return accessTokens.limitDPoPProofs(http.build());
	}

	/**
	 * The authorization request's checks that belong to other features: the resources it
	 * names and its {@code claims} parameter.
	 */
	private static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequestChecks(
			ResourceIndicators resourceIndicators) {
		Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> resources = resourceIndicators::checkAuthorizationRequest;
		return resources.andThen(RequestedClaims::checkAuthorizationRequest);
	}

	/**
	 * Client secrets are checked with their own fast encoder, not the users' slow
	 * password hash; signed assertions (RFC 7523) with decoders that follow key changes
	 * and accept each assertion once; certificates (RFC 8705) with our verifier, and with
	 * the method the client registered rather than one guessed from the chain's length;
	 * public device clients (RFC 8628) by their {@code client_id} at the device
	 * authorization endpoint. A refusal of Basic credentials carries the challenge of RFC
	 * 6749 §5.2.
	 */
	private static Customizer<OAuth2ClientAuthenticationConfigurer> clientAuthentication(
			ClientSecretEncoder clientSecretEncoder, ClientAssertionDecoderFactory clientAssertionDecoderFactory,
			ClientCertificateVerifier clientCertificateVerifier,
			ClientCertificateAuthenticationConverter clientCertificateConverter, DeviceGrant deviceGrant) {
		return (clientAuthentication) -> clientAuthentication
			.errorResponseHandler(ClientAuthenticatedEndpoints.authenticationFailed())
			.authenticationConverters((converters) -> {
				// Before the framework's public client converter, which takes any request
				// with client_id and code_verifier: a certificate client redeeming its
				// code
				// with PKCE would be taken for a public one and refused.
				converters.removeIf(X509ClientCertificateAuthenticationConverter.class::isInstance);
				converters.add(converters.indexOf(converters.stream()
					.filter(PublicClientAuthenticationConverter.class::isInstance)
					.findFirst()
					.orElseThrow()), clientCertificateConverter);
				converters.add(deviceGrant.publicClientConverter());
			})
			.authenticationProvider(deviceGrant.publicClientProvider())
			.authenticationProviders((providers) -> providers.forEach((provider) -> {
				if (provider instanceof ClientSecretAuthenticationProvider secrets) {
					secrets.setPasswordEncoder(clientSecretEncoder);
				}
				else if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
					assertions.setJwtDecoderFactory(clientAssertionDecoderFactory);
				}
				else if (provider instanceof X509ClientCertificateAuthenticationProvider certificates) {
					certificates.setCertificateVerifier(clientCertificateVerifier);
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
	private static void issueRefreshTokensWith(RefreshTokenLifetimes refreshTokenLifetimes, DeviceGrant deviceGrant,
			HttpSecurity http, List<AuthenticationProvider> providers) {
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
				return deviceGrant.withPollingRules(
						new OAuth2DeviceCodeAuthenticationProvider(authorizationService, tokenGenerator),
						authorizationService);
			}
			return provider;
		});
	}

	/**
	 * The OpenID document with the same additions as the OAuth one, and RP-initiated
	 * logout ending the session everywhere and in the audit log, its refusals on our
	 * error page with their error code.
	 */
	private static Customizer<OidcConfigurer> oidc(ServerMetadata metadata,
			Consumer<Map<String, Object>> requestObjectMetadata, ApplicationEventPublisher events,
			UserInfoClaims userInfoClaims, SessionEndingLogoutHandler sessionEnding) {
		return (oidc) -> oidc.providerConfigurationEndpoint(
				(endpoint) -> endpoint.providerConfigurationCustomizer((builder) -> builder.claims((claims) -> {
					metadata.addTo(claims);
					requestObjectMetadata.accept(claims);
					metadata.addLogoutTo(claims);
				})))
			.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(userInfoClaims))
			.logoutEndpoint((logout) -> logout.logoutResponseHandler(auditedLogoutResponse(events, sessionEnding))
				.errorResponseHandler(new OAuth2ErrorPage()));
	}

	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthorizationServerSettings settings) {
		return UserInfoAccessTokens.decoder(jwkSource, settings.getIssuer());
	}

	/**
	 * The framework's RP-initiated logout response, whose sign-out first ends the session
	 * (its refresh tokens, its other clients told) and also publishes the
	 * {@link LogoutSuccessEvent} that a form logout publishes, so both reach the audit
	 * log.
	 */
	private static AuthenticationSuccessHandler auditedLogoutResponse(ApplicationEventPublisher events,
			SessionEndingLogoutHandler sessionEnding) {
		SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();
		OidcLogoutAuthenticationSuccessHandler logoutResponse = new OidcLogoutAuthenticationSuccessHandler();
		logoutResponse.setLogoutHandler((request, response, authentication) -> {
			OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
			sessionEnding.endRequestedBy(logout, request);
			if (logout.isPrincipalAuthenticated()) {
				Authentication user = (Authentication) logout.getPrincipal();
				signOut.logout(request, response, user);
				events.publishEvent(new LogoutSuccessEvent(user));
			}
		});
		return FrontChannelLogoutPage.afterRpInitiatedLogout(logoutResponse, WebSecurityConfig.CONTENT_SECURITY_POLICY);
	}

	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
