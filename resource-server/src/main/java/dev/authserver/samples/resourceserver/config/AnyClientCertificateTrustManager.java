package dev.authserver.samples.resourceserver.config;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

/**
 * Lets Tomcat accept any client certificate whose private key the caller proves in the
 * TLS handshake, and no server certificate: this API is never a TLS client with it.
 * Whether a certificate means anything is decided per token, by its {@code cnf.x5t#S256}.
 * Public with a no-argument constructor because Tomcat instantiates it by name
 * ({@code SSLHostConfig.trustManagerClassName}).
 */
public class AnyClientCertificateTrustManager implements X509TrustManager {

	private static final X509Certificate[] NO_ISSUERS = {};

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (chain == null || chain.length == 0) {
			throw new CertificateException("No client certificate");
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("This trust manager checks client certificates only");
	}

	/**
	 * No CA names in the certificate request, so a client offers whichever certificate it
	 * has, a self-signed one included.
	 */
	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return NO_ISSUERS;
	}

}
