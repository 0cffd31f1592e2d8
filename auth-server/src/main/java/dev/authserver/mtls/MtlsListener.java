package dev.authserver.mtls;

import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.net.SSLHostConfig;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.SslConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * The mTLS listener: a second Tomcat connector of the same application (same filters,
 * same security chains), HTTPS with a Boot SSL bundle, that asks every client for a
 * certificate but lets it come without one, so that a caller of the client-authenticated
 * endpoints can present one (RFC 8705 §2) while the main port never makes a browser offer
 * its certificates.
 * <p>
 * Tomcat accepts any certificate here ({@code optional_no_ca}, with
 * {@link AnyClientCertificateTrustManager} as JSSE needs it): which certificate
 * authenticates which client is the application's decision, and a
 * {@code self_signed_tls_client_auth} certificate chains to no authority at all. The
 * certificate a client proved it holds the key of reaches the application as the
 * {@code jakarta.servlet.request.X509Certificate} request attribute.
 */
public final class MtlsListener implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	private final Connector connector;

	MtlsListener(int port, SslBundle bundle) {
		this.connector = new Connector(TomcatWebServerFactory.DEFAULT_PROTOCOL);
		this.connector.setPort(port);
		// Boot's own translation of an SSL bundle into Tomcat's SSLHostConfig, as for
		// server.ssl: WANT makes Tomcat request a certificate and accept none.
		new SslConnectorCustomizer(LogFactory.getLog(MtlsListener.class), this.connector, Ssl.ClientAuth.WANT)
			.customize(bundle, Map.of());
		for (SSLHostConfig host : this.connector.findSslHostConfigs()) {
			host.setCertificateVerification("optional_no_ca");
			host.setTrustManagerClassName(AnyClientCertificateTrustManager.class.getName());
		}
	}

	/**
	 * Runs after Boot's own customizers, so that the limits they set on the main
	 * connector ({@code server.max-http-request-header-size}, {@code server.tomcat.*})
	 * apply here too: Boot leaves additional connectors as they are given.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		if (factory instanceof TomcatWebServerFactory tomcat) {
			tomcat.getConnectorCustomizers().forEach((customizer) -> customizer.customize(this.connector));
			ProtocolHandler handler = this.connector.getProtocolHandler();
			LambdaSafe.callbacks(TomcatProtocolHandlerCustomizer.class, tomcat.getProtocolHandlerCustomizers(), handler)
				.invoke((customizer) -> customizer.customize(handler));
			tomcat.addAdditionalConnectors(this.connector);
		}
	}

	/**
	 * The port the listener listens on, once started (the chosen one if configured as 0).
	 */
	public int port() {
		return this.connector.getLocalPort();
	}

}
