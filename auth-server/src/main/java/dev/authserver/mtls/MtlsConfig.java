package dev.authserver.mtls;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Valve;

import dev.authserver.protocol.ServletFilterOrder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Wiring of mutual TLS: the listener when {@code authserver.mtls.port} is set, the
 * trusted proxy's certificate header when mutual TLS is on, the endpoints that
 * {@code mtls_endpoint_aliases} advertises, and the binding of tokens.
 */
@Configuration(proxyBeanMethods = false)
class MtlsConfig {

	@Bean
	@ConditionalOnProperty("authserver.mtls.port")
	MtlsListener mtlsListener(MtlsProperties properties, SslBundles bundles, ServerProperties server,
			AuthorizationServerSettings settings) {
		String bundle = (properties.sslBundle() != null) ? properties.sslBundle()
				: (server.getSsl() != null) ? server.getSsl().getBundle() : null;
		if (bundle == null) {
			throw new IllegalStateException(
					"authserver.mtls.port is set: name the listener's certificate with authserver.mtls.ssl-bundle "
							+ "(or server.ssl.bundle)");
		}
		if (properties.baseUrl() == null && settings.getIssuer() == null) {
			throw new IllegalStateException("authserver.mtls.port is set: set authserver.mtls.base-url, or the "
					+ "issuer (spring.security.oauth2.authorizationserver.issuer) whose host it defaults to");
		}
		return new MtlsListener(properties.port(), bundles.getBundle(bundle));
	}

	@Bean
	MtlsEndpoints mtlsEndpoints(MtlsProperties properties, AuthorizationServerSettings settings,
			ObjectProvider<MtlsListener> listener) {
		return new MtlsEndpoints(properties, settings, () -> listenerPort(listener));
	}

	@Bean
	CertificateBinding certificateBinding(MtlsProperties properties) {
		return new CertificateBinding(properties.bindAllTokens());
	}

	/**
	 * The valve that decides whom the certificate header is believed from, first of the
	 * engine's valves: before the {@code RemoteIpValve} that Boot adds for
	 * {@code server.forward-headers-strategy=native} hides the direct peer's address.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> clientCertificateHeaderValve(
			MtlsProperties properties, TomcatServerProperties tomcat, MtlsEndpoints endpoints,
			ObjectProvider<MtlsListener> listener) {
		return (factory) -> {
			if (!properties.enabled() || !(factory instanceof TomcatWebServerFactory server)) {
				return;
			}
			List<Valve> valves = new ArrayList<>();
			valves.add(new ClientCertificateHeaderValve(properties.clientCertificateHeader(),
					tomcat.getRemoteip().getInternalProxies(), () -> listenerPort(listener), endpoints.paths()));
			valves.addAll(server.getEngineValves());
			server.setEngineValves(valves);
		};
	}

	@Bean
	FilterRegistrationBean<ClientCertificateHeaderFilter> clientCertificateHeaderFilter(MtlsProperties properties) {
		FilterRegistrationBean<ClientCertificateHeaderFilter> registration = new FilterRegistrationBean<>(
				new ClientCertificateHeaderFilter(properties.clientCertificateHeader()));
		// Off with mutual TLS: then no proxy's header is believed at all.
		registration.setEnabled(properties.enabled());
		return ServletFilterOrder.CLIENT_CERTIFICATE_HEADER.apply(registration);
	}

	private static int listenerPort(ObjectProvider<MtlsListener> listener) {
		MtlsListener mtls = listener.getIfAvailable();
		return (mtls != null) ? mtls.port() : -1;
	}

}
