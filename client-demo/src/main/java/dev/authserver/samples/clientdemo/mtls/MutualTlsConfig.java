package dev.authserver.samples.clientdemo.mtls;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.authserver.samples.clientdemo.ClientDemoProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;

/**
 * Reads which client registrations authenticate with a certificate (Boot's
 * {@code spring.security.oauth2.client.registration.<id>.client-authentication-method})
 * and the certificate's SSL bundle ({@code client-demo.mtls.ssl-bundle}), and refuses to
 * start when they do not fit together.
 */
@Configuration(proxyBeanMethods = false)
class MutualTlsConfig {

	private static final Logger log = LoggerFactory.getLogger(MutualTlsConfig.class);

	@Bean
	MutualTls mutualTls(ClientDemoProperties properties, OAuth2ClientProperties clients, SslBundles bundles) {
		Set<String> registrationIds = new LinkedHashSet<>();
		for (Map.Entry<String, OAuth2ClientProperties.Registration> entry : clients.getRegistration().entrySet()) {
			OAuth2ClientProperties.Registration registration = entry.getValue();
			String method = registration.getClientAuthenticationMethod();
			if (method == null || !MutualTls.isMutualTls(new ClientAuthenticationMethod(method))) {
				continue;
			}
			// The demo presents its certificate on the machine-to-machine call only; a
			// user's sign-in would need it on the browser's redirects too.
			if (!AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()
				.equals(registration.getAuthorizationGrantType())) {
				throw new InvalidConfigurationPropertyValueException(
						"spring.security.oauth2.client.registration." + entry.getKey()
								+ ".client-authentication-method",
						method, "Only a client_credentials registration can authenticate with a certificate here");
			}
			registrationIds.add(entry.getKey());
		}
		String bundleName = properties.mtls().sslBundle();
		if (registrationIds.isEmpty()) {
			return MutualTls.none();
		}
		if (!StringUtils.hasText(bundleName)) {
			throw new InvalidConfigurationPropertyValueException("client-demo.mtls.ssl-bundle", bundleName,
					"Registrations " + registrationIds + " authenticate with a client certificate: name the "
							+ "spring.ssl.bundle that holds it");
		}
		MutualTls mutualTls = new MutualTls(bundles.getBundle(bundleName), registrationIds);
		log.info("Registrations {} authenticate with the client certificate {} of SSL bundle {}", registrationIds,
				mutualTls.certificateSubject(), bundleName);
		return mutualTls;
	}

}
