package dev.authserver.samples.clientdemo.api;

import dev.authserver.samples.clientdemo.ClientDemoProperties;
import dev.authserver.samples.clientdemo.dpop.DPoPProofSigner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;

/**
 * Wires the API client: a {@code RestClient} that adds the right access token to every
 * call.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfig {

	@Bean
	MessagesApi messagesApi(RestClient.Builder builder, ClientDemoProperties properties,
			OAuth2AuthorizedClientManager authorizedClientManager, DPoPProofSigner dpop) {
		RestClient restClient = builder.baseUrl(properties.resourceServerUrl().toString())
			.requestInterceptor(new AccessTokenInterceptor(authorizedClientManager, dpop))
			.build();
		return new MessagesApi(restClient);
	}

}
