package dev.authserver.mtls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.ssl.SslBundle;

/**
 * Validates a {@code tls_client_auth} client's certificate chain (RFC 8705 §2.1) with the
 * JDK's PKIX validator (RFC 5280 §6) against the certificate authorities of the trust
 * bundle: signatures, validity dates, basic constraints and name constraints. Revocation
 * is not checked (no CRL or OCSP fetch from the token endpoint): revoke a client by
 * deleting or changing its registration. The trust anchors follow the SSL bundle when
 * Boot reloads it.
 */
class TrustedClientCertificates {

	/** RFC 5280 §4.2.1.12. */
	private static final String CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2";

	private static final String ANY_USAGE = "2.5.29.37.0";

	private final Clock clock;

	private volatile Set<TrustAnchor> anchors;

	/**
	 * @param bundle the trust bundle; null when none is configured
	 */
	TrustedClientCertificates(SslBundle bundle, Clock clock) {
		this.clock = clock;
		this.anchors = (bundle != null) ? anchorsOf(bundle) : Set.of();
	}

	/** When the SSL bundle is reloaded. */
	void update(SslBundle bundle) {
		this.anchors = anchorsOf(bundle);
	}

	/**
	 * @param chain the client's certificate first, as the TLS handshake gives it
	 * @return why the chain is refused, or null when it is trusted
	 */
	String refusal(X509Certificate[] chain) {
		Set<TrustAnchor> trustAnchors = this.anchors;
		if (trustAnchors.isEmpty()) {
			return "no trust bundle (authserver.mtls.trust-bundle) is configured";
		}
		List<X509Certificate> path = new ArrayList<>(List.of(chain));
		// A client may send its CA's certificate too; the path ends below the anchor.
		while (path.size() > 1 && isAnchor(path.get(path.size() - 1), trustAnchors)) {
			path.remove(path.size() - 1);
		}
		try {
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(trustAnchors);
			parameters.setRevocationEnabled(false);
			parameters.setDate(Date.from(this.clock.instant()));
			CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
		}
		catch (GeneralSecurityException ex) {
			return "the certificate chain does not validate: " + ex.getMessage();
		}
		return hasClientUsage(chain[0]) ? null : "the certificate's extended key usage excludes clientAuth";
	}

	/** RFC 5280 §4.2.1.12: no extended key usage allows any. */
	private static boolean hasClientUsage(X509Certificate certificate) {
		try {
			List<String> usages = certificate.getExtendedKeyUsage();
			return usages == null || usages.contains(CLIENT_AUTH_USAGE) || usages.contains(ANY_USAGE);
		}
		catch (CertificateParsingException ex) {
			return false;
		}
	}

	private static boolean isAnchor(X509Certificate certificate, Set<TrustAnchor> anchors) {
		return anchors.stream().anyMatch((anchor) -> certificate.equals(anchor.getTrustedCert()));
	}

	private static Set<TrustAnchor> anchorsOf(SslBundle bundle) {
		KeyStore trustStore = bundle.getStores().getTrustStore();
		if (trustStore == null) {
			throw new IllegalStateException("The SSL bundle of authserver.mtls.trust-bundle has no truststore: "
					+ "set spring.ssl.bundle.pem.<name>.truststore.certificate to the CA certificates");
		}
		Set<TrustAnchor> anchors = new HashSet<>();
		try {
			for (String alias : Collections.list(trustStore.aliases())) {
				if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
					anchors.add(new TrustAnchor(certificate, null));
				}
			}
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException("The truststore of authserver.mtls.trust-bundle cannot be read", ex);
		}
		if (anchors.isEmpty()) {
			throw new IllegalStateException("The truststore of authserver.mtls.trust-bundle holds no certificate");
		}
		return Set.copyOf(anchors);
	}

}
