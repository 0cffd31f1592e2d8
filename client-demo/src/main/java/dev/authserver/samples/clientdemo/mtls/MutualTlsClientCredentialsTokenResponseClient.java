package dev.authserver.samples.clientdemo.mtls;

import java.util.Map;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.DefaultOAuth2TokenRequestParametersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Client credentials with the client certificate as the client's authentication (RFC 8705
 * §2): the framework's own token response client, which sends only {@code client_id} for
 * these methods, over an HTTP client that presents the certificate, to the endpoint the
 * discovery document's {@code mtls_endpoint_aliases} names. No DPoP proof: the token gets
 * bound to the certificate instead.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-5">RFC 8705 §5</a>
 */
final class MutualTlsClientCredentialsTokenResponseClient
		implements OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> {

	private final RestClientClientCredentialsTokenResponseClient overMutualTls = new RestClientClientCredentialsTokenResponseClient();

	private final OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> otherwise;

	MutualTlsClientCredentialsTokenResponseClient(ClientHttpRequestFactory mutualTls,
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> otherwise) {
		// The framework's default RestClient, with the certificate-presenting transport.
		this.overMutualTls
			.setRestClient(RestClient.builder().requestFactory(mutualTls).configureMessageConverters((converters) -> {
				converters.addCustomConverter(new FormHttpMessageConverter());
				converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
			}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build());
		// The client refuses any method but client_secret_* and none unless a parameters
		// converter is set; the default one is right here (client_id, no secret).
		this.overMutualTls.setParametersConverter(new DefaultOAuth2TokenRequestParametersConverter<>());
		this.otherwise = otherwise;
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2ClientCredentialsGrantRequest grantRequest) {
		ClientRegistration registration = grantRequest.getClientRegistration();
		if (!MutualTls.isMutualTls(registration.getClientAuthenticationMethod())) {
			return this.otherwise.getTokenResponse(grantRequest);
		}
		ClientRegistration atMutualTlsEndpoint = ClientRegistration.withClientRegistration(registration)
			.tokenUri(mutualTlsTokenEndpoint(registration))
			.build();
		return this.overMutualTls.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(atMutualTlsEndpoint));
	}

	/**
	 * RFC 8705 §5: a client using mutual TLS uses the alias of an endpoint when the
	 * metadata has one, and the endpoint itself otherwise.
	 */
	static String mutualTlsTokenEndpoint(ClientRegistration registration) {
		Object aliases = registration.getProviderDetails().getConfigurationMetadata().get("mtls_endpoint_aliases");
		if (aliases instanceof Map<?, ?> endpoints && endpoints.get("token_endpoint") instanceof String alias
				&& StringUtils.hasText(alias)) {
			return alias;
		}
		return registration.getProviderDetails().getTokenUri();
	}

}
