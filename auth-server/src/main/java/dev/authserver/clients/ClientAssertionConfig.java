package dev.authserver.clients;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestTemplate;

/**
 * Client authentication with signed assertions ({@code private_key_jwt},
 * {@code client_secret_jwt}): the decoders the protocol chain
 * ({@code config.AuthorizationServerSecurityConfig}) gives the framework's provider, and
 * the record of used assertions.
 */
@Configuration(proxyBeanMethods = false)
class ClientAssertionConfig {

	/**
	 * A client's jwks_uri is fetched while its token request waits, so a slow or dead
	 * host must fail fast.
	 */
	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	JdbcUsedClientAssertions usedClientAssertions(JdbcClient jdbcClient) {
		return new JdbcUsedClientAssertions(jdbcClient);
	}

	/**
	 * @param clientMetadataValidator what accepts a client's {@code jwks_uri}, and so
	 * knows whether development mode lets a developer's clients keep their keys on their
	 * own machine
	 */
	@Bean
	ClientAssertionDecoderFactory clientAssertionDecoderFactory(ClientSecretEncoder clientSecretEncoder,
			JdbcUsedClientAssertions usedClientAssertions, ClientCacheProperties cacheProperties,
			ClientMetadataValidator clientMetadataValidator) {
		RestTemplate jwksClient = new RestTemplate(new JwksUriRequestFactory(JWKS_TIMEOUT,
				new OutboundAddressPolicy(clientMetadataValidator.allowsHttpLocalhost())));
		jwksClient.getInterceptors().add(JwksUriRequestFactory.bodySizeLimit());
		return new ClientAssertionDecoderFactory(clientSecretEncoder, usedClientAssertions, jwksClient,
				Clock.systemUTC(), cacheProperties);
	}

}
