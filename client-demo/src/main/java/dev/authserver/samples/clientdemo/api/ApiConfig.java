package dev.authserver.samples.clientdemo.api;

import dev.authserver.samples.clientdemo.ClientDemoProperties;
import dev.authserver.samples.clientdemo.dpop.DPoPProofSigner;
import dev.authserver.samples.clientdemo.mtls.MutualTls;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;

/**
 * Wires the API client: {@code RestClient}s that add the right access token to every
 * call.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfig {

	/**
	 * The machine's calls present the client certificate when its token is bound to it
	 * (RFC 8705 §3); the user's never do.
	 */
	@Bean
	MessagesApi messagesApi(RestClient.Builder builder, ClientDemoProperties properties,
			OAuth2AuthorizedClientManager authorizedClientManager, DPoPProofSigner dpop, MutualTls mutualTls) {
		builder.baseUrl(properties.resourceServerUrl().toString())
			.requestInterceptor(new AccessTokenInterceptor(authorizedClientManager, dpop));
		RestClient user = builder.clone().build();
		RestClient machine = mutualTls.usedBy(MessagesApi.MACHINE)
				? builder.clone().requestFactory(mutualTls.requestFactory()).build() : user;
		return new MessagesApi(user, machine);
	}

	@Bean
	DownstreamApi downstreamApi(RestClient.Builder builder, ClientDemoProperties properties) {
		return new DownstreamApi(builder.clone().baseUrl(properties.downstreamApiUrl().toString()).build());
	}

}
