package dev.authserver.config;

import java.util.Set;

import dev.authserver.clients.ClientAuthenticationThrottle;
import dev.authserver.protocol.OAuth2ErrorResponses;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * What answers malformed or throttled requests before the framework's endpoints do: filters ahead of the security
 * filters for the requests the framework would answer with a 500 and for clients that failed to authenticate too
 * often, and the answer to the requests Spring Security's firewall refuses. Each answer is in the protocol's shape.
 */
@Configuration(proxyBeanMethods = false)
class MalformedRequestFiltersConfig {

	/** Right after the request id, before anything parses the path. */
	@Bean
	FilterRegistrationBean<PathParameterFilter> pathParameterFilter() {
		FilterRegistrationBean<PathParameterFilter> registration = new FilterRegistrationBean<>(
				new PathParameterFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Requests Spring Security's firewall refuses (control characters in a header, a path that is not normalized)
	 * get 400 on the error page, as with its default handler; at the token, introspection and revocation endpoints
	 * they get RFC 6749 §5.2's {@code invalid_request} as JSON instead, whatever they accept.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(AuthorizationServerSettings settings) {
		Set<String> clientEndpoints = clientAuthenticatedEndpoints(settings);
		RequestRejectedHandler errorPage = new HttpStatusRequestRejectedHandler();
		return (request, response, rejection) -> {
			if (!clientEndpoints.contains(request.getRequestURI())) {
				errorPage.handle(request, response, rejection);
				return;
			}
			OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST, new OAuth2Error(
					OAuth2ErrorCodes.INVALID_REQUEST, "The request was rejected as malformed", null));
		};
	}

	/** After the token endpoint's metrics filter, so that refused token requests are counted as errors too. */
	@Bean
	FilterRegistrationBean<DuplicateParameterFilter> duplicateParameterFilter(AuthorizationServerSettings settings) {
		FilterRegistrationBean<DuplicateParameterFilter> registration = new FilterRegistrationBean<>(
				new DuplicateParameterFilter(clientAuthenticatedEndpoints(settings)));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	/**
	 * Before Spring Security, so a throttled request costs no secret check; after the filter that refuses repeated
	 * or unparsable parameters, as this one reads {@code client_id}.
	 */
	@Bean
	FilterRegistrationBean<ClientAuthenticationThrottleFilter> clientAuthenticationThrottleFilter(
			AuthorizationServerSettings settings, ClientAuthenticationThrottle throttle) {
		FilterRegistrationBean<ClientAuthenticationThrottleFilter> registration = new FilterRegistrationBean<>(
				new ClientAuthenticationThrottleFilter(clientAuthenticatedEndpoints(settings), throttle));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ClientWithoutRedirectUriFilter> clientWithoutRedirectUriFilter(
			AuthorizationServerSettings settings, RegisteredClientRepository registeredClientRepository) {
		FilterRegistrationBean<ClientWithoutRedirectUriFilter> registration = new FilterRegistrationBean<>(
				new ClientWithoutRedirectUriFilter(settings.getAuthorizationEndpoint(), registeredClientRepository));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	FilterRegistrationBean<LongStateFilter> longStateFilter(AuthorizationServerSettings settings) {
		FilterRegistrationBean<LongStateFilter> registration = new FilterRegistrationBean<>(
				new LongStateFilter(settings.getAuthorizationEndpoint()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	private static Set<String> clientAuthenticatedEndpoints(AuthorizationServerSettings settings) {
		return Set.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getTokenRevocationEndpoint());
	}

}
