package dev.authserver.samples.resourceserver.downstream;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.TokenExchangeOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * The downstream API's client: Spring Security's token exchange support, configured by
 * Boot's {@code spring.security.oauth2.client.*} registrations, trades the caller's
 * access token (the subject token) for one meant for the downstream API, with this API's
 * own client credentials token as the actor token, so the new token names the user as
 * {@code sub} and this API as {@code act}. Authorized clients are kept by principal, as a
 * stateless API has no session to keep them in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DownstreamApiProperties.class)
class DownstreamConfig {

	/** The registration that exchanges tokens. */
	static final String DOWNSTREAM = "downstream";

	/** The registration of this API's own token, the actor of each exchange. */
	static final String ACTOR = "actor";

	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients) {
		// Client credentials, the manager's default provider.
		AuthorizedClientServiceOAuth2AuthorizedClientManager actor = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		OAuth2AuthorizeRequest actorRequest = OAuth2AuthorizeRequest.withClientRegistrationId(ACTOR)
			.principal(ACTOR)
			.build();
		TokenExchangeOAuth2AuthorizedClientProvider exchange = new TokenExchangeOAuth2AuthorizedClientProvider();
		exchange.setActorTokenResolver((context) -> {
			OAuth2AuthorizedClient client = actor.authorize(actorRequest);
			return (client != null) ? client.getAccessToken() : null;
		});
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(exchange);
		return manager;
	}

	/**
	 * Each call carries a token exchanged for the principal of the request being
	 * answered.
	 */
	@Bean
	RestClient downstreamApi(RestClient.Builder builder, DownstreamApiProperties properties,
			OAuth2AuthorizedClientManager authorizedClientManager) {
		return builder.baseUrl(properties.downstreamApiUrl().toString())
			.requestInterceptor(new OAuth2ClientHttpRequestInterceptor(authorizedClientManager))
			.build();
	}

}
