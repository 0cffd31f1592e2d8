package dev.authserver.samples.clientdemo.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Wires the API client: a {@code RestClient} that adds the right bearer token to every call.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfig {

	@Bean
	MessagesApi messagesApi(RestClient.Builder builder, ClientDemoProperties properties,
			OAuth2AuthorizedClientManager authorizedClientManager) {
		RestClient restClient = builder.baseUrl(properties.resourceServerUrl().toString())
			.requestInterceptor(new OAuth2ClientHttpRequestInterceptor(authorizedClientManager))
			.build();
		return new MessagesApi(restClient);
	}

}
