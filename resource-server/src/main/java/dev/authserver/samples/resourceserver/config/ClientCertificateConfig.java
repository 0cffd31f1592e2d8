package dev.authserver.samples.resourceserver.config;

import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfig.CertificateVerification;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTPS listener's client certificates. Boot's {@code server.ssl.bundle} and
 * {@code server.ssl.client-auth=want} make Tomcat ask for one; this accepts whichever the
 * caller presents, because the API never trusts a certificate for itself: it only
 * compares it with the one a token is bound to.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-3">RFC 8705 §3</a>
 */
@Configuration(proxyBeanMethods = false)
class ClientCertificateConfig {

	/**
	 * Whether this API can see callers' certificates, so that certificate-bound tokens
	 * can work here at all: HTTPS with client certificates requested or required.
	 */
	static boolean clientCertificatesRequested(ServerProperties server) {
		Ssl ssl = server.getSsl();
		return Ssl.isEnabled(ssl) && ssl.getClientAuth() != null && ssl.getClientAuth() != Ssl.ClientAuth.NONE;
	}

	/**
	 * Runs after Boot has built the connector's SSL configuration from the bundle. A
	 * trust store would refuse the self-signed certificates of
	 * {@code self_signed_tls_client_auth} clients (RFC 8705 §2.2) at the handshake, and a
	 * certificate from an unlisted CA, so that a bound token could never be used here;
	 * the handshake still proves that the caller holds the certificate's private key.
	 */
	@Bean
	TomcatConnectorCustomizer anyClientCertificate() {
		return (connector) -> {
			for (SSLHostConfig host : connector.findSslHostConfigs()) {
				if (host.getCertificateVerification() != CertificateVerification.NONE) {
					host.setTrustManagerClassName(AnyClientCertificateTrustManager.class.getName());
				}
			}
		};
	}

}
