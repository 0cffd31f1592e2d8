package dev.authserver.clients;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestTemplate;

/**
 * Client authentication with signed assertions ({@code private_key_jwt}, {@code client_secret_jwt}): the decoders the
 * protocol chain ({@code config.AuthorizationServerSecurityConfig}) gives the framework's provider, and the record of
 * used assertions.
 */
@Configuration(proxyBeanMethods = false)
class ClientAssertionConfig {

	/** A client's jwks_uri is fetched while its token request waits, so a slow or dead host must fail fast. */
	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	JdbcUsedClientAssertions usedClientAssertions(JdbcClient jdbcClient) {
		return new JdbcUsedClientAssertions(jdbcClient);
	}

	/**
	 * @param developmentMode {@code authserver.registration.allow-http-localhost}: a developer's clients may keep their
	 * keys on their own machine
	 */
	@Bean
	ClientAssertionDecoderFactory clientAssertionDecoderFactory(ClientSecretEncoder clientSecretEncoder,
			JdbcUsedClientAssertions usedClientAssertions, ClientCacheProperties cacheProperties,
			@Value("${authserver.registration.allow-http-localhost:false}") boolean developmentMode) {
		RestTemplate jwksClient = new RestTemplate(new JwksUriRequestFactory(JWKS_TIMEOUT, developmentMode));
		jwksClient.getInterceptors().add(JwksUriRequestFactory.bodySizeLimit());
		return new ClientAssertionDecoderFactory(clientSecretEncoder, usedClientAssertions, jwksClient,
				Clock.systemUTC(), cacheProperties);
	}

}
