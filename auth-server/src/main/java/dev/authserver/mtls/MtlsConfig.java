package dev.authserver.mtls;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of mutual TLS: the listener, when {@code authserver.mtls.port} is set. */
@Configuration(proxyBeanMethods = false)
class MtlsConfig {

	@Bean
	@ConditionalOnProperty("authserver.mtls.port")
	MtlsListener mtlsListener(MtlsProperties properties, SslBundles bundles, ServerProperties server) {
		String bundle = (properties.sslBundle() != null) ? properties.sslBundle()
				: (server.getSsl() != null) ? server.getSsl().getBundle() : null;
		if (bundle == null) {
			throw new IllegalStateException(
					"authserver.mtls.port is set: name the listener's certificate with authserver.mtls.ssl-bundle "
							+ "(or server.ssl.bundle)");
		}
		return new MtlsListener(properties.port(), bundles.getBundle(bundle));
	}

}
