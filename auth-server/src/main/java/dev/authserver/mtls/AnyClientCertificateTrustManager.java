package dev.authserver.mtls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The mTLS listener's trust manager: it takes any client certificate, and names no
 * certificate authority in its certificate request, so that a client offers its
 * certificate whoever issued it.
 * <p>
 * Tomcat's {@code optional_no_ca} does exactly this with OpenSSL only; with JSSE it
 * validates client certificates against the truststore like {@code optional}, refusing
 * the handshake of a {@code self_signed_tls_client_auth} client (RFC 8705 §2.2) and
 * making clients with a certificate of another authority send none. The TLS handshake
 * still proves that the client holds the certificate's private key (its
 * {@code CertificateVerify}); which certificate authenticates which client is the
 * application's decision.
 * <p>
 * Public with a no-argument constructor because Tomcat instantiates it by class name
 * ({@code SSLHostConfig.setTrustManagerClassName}).
 */
public final class AnyClientCertificateTrustManager extends X509ExtendedTrustManager {

	private static final X509Certificate[] NO_AUTHORITIES = new X509Certificate[0];

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) {
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("The mTLS listener trusts no servers");
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw new CertificateException("The mTLS listener trusts no servers");
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw new CertificateException("The mTLS listener trusts no servers");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return NO_AUTHORITIES;
	}

}
