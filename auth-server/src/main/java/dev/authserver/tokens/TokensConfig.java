package dev.authserver.tokens;

import java.util.List;

import dev.authserver.audit.AuditLog;
import dev.authserver.keys.KeyProperties;
import dev.authserver.keys.SigningKeyRing;
import dev.authserver.protocol.ServletFilterOrder;
import dev.authserver.users.JdbcUserAccountRepository;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Wires the claims customizers into the framework's JWT generator (and the certificate
 * binding into its reference tokens too), the UserInfo claims, the lifetimes of refresh
 * tokens, who may introspect tokens, and the token metrics and audit events.
 */
@Configuration(proxyBeanMethods = false)
class TokensConfig {

	@Bean
	ResourceIndicators resourceIndicators(TokenProperties properties) {
		return new ResourceIndicators(properties);
	}

	@Bean
	TokenIntrospectors tokenIntrospectors(TokenProperties properties, AuditLog auditLog,
			OAuth2AuthorizationService authorizationService) {
		return new TokenIntrospectors(properties.introspection(), auditLog, authorizationService);
	}

	/**
	 * Not a token generator bean: with one, the framework would build no generator of its
	 * own, and its JWT generator adds the DPoP and mutual-TLS confirmation claims, which
	 * no public API offers.
	 */
	@Bean
	RefreshTokenLifetimes refreshTokenLifetimes(TokenProperties properties) {
		return new RefreshTokenLifetimes(properties.refreshTokenIdleTimeout());
	}

	/**
	 * Every JWT names the active signing key in its header: the JWKS also holds the next
	 * and retired keys, and the {@code kid} is how the encoder picks the one that signs.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> jwtTokenCustomizer(ResourceIndicators resourceIndicators,
			JdbcUserAccountRepository accounts, SigningKeyRing signingKeys, KeyProperties keys,
			MeterRegistry meterRegistry, AuditLog auditLog, List<JwtIssuanceListener> listeners,
			List<TokenBinding> bindings) {
		AccessTokenClaimsCustomizer accessTokenClaims = new AccessTokenClaimsCustomizer(resourceIndicators);
		IdTokenClaimsCustomizer idTokenClaims = new IdTokenClaimsCustomizer(accounts);
		TokenLifetimeLimit lifetimeLimit = new TokenLifetimeLimit(keys.maxTokenLifetime());
		TokenIssuanceAuditor issuanceAuditor = new TokenIssuanceAuditor(auditLog);
		return (context) -> {
			context.getJwsHeader().keyId(signingKeys.activeKid());
			accessTokenClaims.customize(context);
			context.getClaims().claims((claims) -> bindings.forEach((binding) -> binding.bind(context, claims)));
			idTokenClaims.customize(context);
			lifetimeLimit.customize(context);
			issuanceAuditor.customize(context);
			listeners.forEach((listener) -> listener.issuing(context));
			// Client ids are registered ones, so the tag's values stay bounded.
			meterRegistry
				.counter("authserver.tokens.issued", "grant_type", context.getAuthorizationGrantType().getValue(),
						"token_type", context.getTokenType().getValue(), "client_id",
						context.getRegisteredClient().getClientId())
				.increment();
		};
	}

	/**
	 * Reference (opaque) access tokens, of the clients declared with
	 * {@code access-token-format: reference}, are bound too ({@link TokenBinding}): their
	 * claims are what introspection answers.
	 */
	@Bean
	OAuth2TokenCustomizer<OAuth2TokenClaimsContext> referenceTokenCustomizer(List<TokenBinding> bindings) {
		return (context) -> context.getClaims()
			.claims((claims) -> bindings.forEach((binding) -> binding.bind(context, claims)));
	}

	@Bean
	UserInfoClaims userInfoClaims(JdbcUserAccountRepository accounts) {
		return new UserInfoClaims(accounts);
	}

	@Bean
	FilterRegistrationBean<TokenEndpointMetricsFilter> tokenEndpointMetricsFilter(AuthorizationServerSettings settings,
			MeterRegistry meterRegistry) {
		FilterRegistrationBean<TokenEndpointMetricsFilter> registration = new FilterRegistrationBean<>(
				new TokenEndpointMetricsFilter(settings.getTokenEndpoint(), meterRegistry));
		return ServletFilterOrder.TOKEN_ENDPOINT_METRICS.apply(registration);
	}

}
