package dev.authserver.mtls;

import java.time.Clock;
import java.time.Duration;

import dev.authserver.clients.ClientCacheProperties;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.clients.JwksUriRequestFactory;
import dev.authserver.clients.OutboundAddressPolicy;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestTemplate;

/**
 * Client authentication with certificates ({@code tls_client_auth},
 * {@code self_signed_tls_client_auth}): the verifier the protocol chain
 * ({@code config.AuthorizationServerSecurityConfig}) gives the framework's provider.
 */
@Configuration(proxyBeanMethods = false)
class MtlsClientAuthenticationConfig {

	/**
	 * The time a token request waits for a client's jwks_uri, as for client assertions.
	 */
	private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * @param clientMetadataValidator what accepts a client's {@code jwks_uri}, and so
	 * knows whether development mode lets a developer's clients keep their keys on their
	 * own machine
	 */
	@Bean
	ClientCertificateVerifier clientCertificateVerifier(MtlsProperties properties, SslBundles sslBundles,
			ClientCacheProperties cacheProperties, ClientMetadataValidator clientMetadataValidator) {
		Clock clock = Clock.systemUTC();
		String trustBundle = properties.trustBundle();
		SslBundle bundle = StringUtils.hasText(trustBundle) ? sslBundles.getBundle(trustBundle) : null;
		TrustedClientCertificates trusted = new TrustedClientCertificates(bundle, clock);
		if (bundle != null) {
			sslBundles.addBundleUpdateHandler(trustBundle, trusted::update);
		}
		RestTemplate jwksClient = new RestTemplate(new JwksUriRequestFactory(JWKS_TIMEOUT,
				new OutboundAddressPolicy(clientMetadataValidator.allowsHttpLocalhost())));
		jwksClient.getInterceptors().add(JwksUriRequestFactory.bodySizeLimit());
		return new ClientCertificateVerifier(trusted,
				new RegisteredClientKeys(jwksClient, cacheProperties.maximumSize(), clock), clock);
	}

}
