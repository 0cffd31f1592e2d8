package dev.authserver.mtls;

import java.net.URI;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of mutual TLS (RFC 8705): the separate listener that asks for client
 * certificates, the header in which a trusted proxy passes the certificate it verified,
 * and the binding of access tokens to certificates.
 * <p>
 * Mutual TLS is on when {@code port} (this server terminates TLS itself) or
 * {@code baseUrl} (a proxy in front terminates it) is set.
 *
 * @param port the mTLS listener's port; unset, there is no mTLS listener ({@code 0}: any
 * free port)
 * @param sslBundle the Boot SSL bundle ({@code spring.ssl.bundle.*}) with the mTLS
 * listener's server certificate; unset, {@code server.ssl.bundle}
 * @param baseUrl the public base URL of the endpoints that {@code mtls_endpoint_aliases}
 * advertises (RFC 8705 §5); unset, {@code https://<issuer host>:<port>}. Behind a proxy:
 * the proxy's mTLS address
 * @param clientCertificateHeader the request header in which a trusted proxy (one of
 * {@code server.tomcat.remoteip.internal-proxies}) passes the client certificate it
 * received, URL-escaped PEM as nginx's {@code $ssl_client_escaped_cert}; ignored from
 * anyone else
 * @param bindAllTokens whether every access token requested with a certificate is bound
 * to it, whatever the client's {@code tls_client_certificate_bound_access_tokens}
 * @param trustBundle the Boot SSL bundle whose truststore holds the certificate
 * authorities that {@code tls_client_auth} certificates must chain to
 */
@Validated
@ConfigurationProperties("authserver.mtls")
public record MtlsProperties(@Min(0) @Max(65535) Integer port, String sslBundle, URI baseUrl,
		@DefaultValue("X-SSL-Client-Cert") @NotBlank String clientCertificateHeader,
		@DefaultValue("false") boolean bindAllTokens, String trustBundle) {

	public MtlsProperties {
		if (baseUrl != null && (!"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null
				|| baseUrl.getQuery() != null || baseUrl.getFragment() != null)) {
			throw new IllegalArgumentException(
					"authserver.mtls.base-url (" + baseUrl + ") must be an https URL without query or fragment");
		}
	}

	/** Whether mutual TLS is on: through this server's listener or a proxy's. */
	public boolean enabled() {
		return this.port != null || this.baseUrl != null;
	}

}
