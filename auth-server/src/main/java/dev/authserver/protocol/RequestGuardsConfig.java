package dev.authserver.protocol;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What answers malformed or throttled requests before the framework's endpoints do:
 * filters ahead of the security filters for the requests the framework would answer with
 * a 500 and for clients that failed to authenticate too often, and the answer to the
 * requests Spring Security's firewall refuses. Each answer is in the protocol's shape;
 * {@link ServletFilterOrder} places the filters, these and those the features register
 * themselves (the client-authentication throttle, the registration endpoint's body
 * limit).
 */
@Configuration(proxyBeanMethods = false)
class RequestGuardsConfig {

	@Bean
	FilterRegistrationBean<NonCanonicalPathFilter> nonCanonicalPathFilter(
			RequestRejectedHandler requestRejectedHandler) {
		return ServletFilterOrder.NON_CANONICAL_PATHS
			.apply(new FilterRegistrationBean<>(new NonCanonicalPathFilter(requestRejectedHandler)));
	}

	/**
	 * Requests Spring Security's firewall refuses (control characters in a header, a path
	 * that is not normalized) get 400 on the error page, as with its default handler; at
	 * the token, introspection and revocation endpoints they get RFC 6749 §5.2's
	 * {@code invalid_request} as JSON instead, whatever they accept.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(AuthorizationServerSettings settings) {
		RequestMatcher clientEndpoints = ClientAuthenticatedEndpoints.of(settings);
		RequestRejectedHandler errorPage = new HttpStatusRequestRejectedHandler();
		return (request, response, rejection) -> {
			if (!clientEndpoints.matches(request)) {
				errorPage.handle(request, response, rejection);
				return;
			}
			OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST,
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "The request was rejected as malformed", null));
		};
	}

	@Bean
	FilterRegistrationBean<DuplicateParameterFilter> duplicateParameterFilter(AuthorizationServerSettings settings) {
		return ServletFilterOrder.DUPLICATE_PARAMETERS.apply(
				new FilterRegistrationBean<>(new DuplicateParameterFilter(ClientAuthenticatedEndpoints.of(settings))));
	}

	@Bean
	FilterRegistrationBean<ClientWithoutRedirectUriFilter> clientWithoutRedirectUriFilter(
			AuthorizationServerSettings settings, RegisteredClientRepository registeredClientRepository) {
		return ServletFilterOrder.CLIENT_WITHOUT_REDIRECT_URI.apply(new FilterRegistrationBean<>(
				new ClientWithoutRedirectUriFilter(settings.getAuthorizationEndpoint(), registeredClientRepository)));
	}

	@Bean
	FilterRegistrationBean<LongStateFilter> longStateFilter(AuthorizationServerSettings settings) {
		return ServletFilterOrder.LONG_STATE
			.apply(new FilterRegistrationBean<>(new LongStateFilter(settings.getAuthorizationEndpoint())));
	}

}
