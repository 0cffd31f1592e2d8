package dev.authserver.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The PKIX check of {@code tls_client_auth} chains beyond what the HTTPS tests show: the
 * extended key usage (RFC 5280 §4.2.1.12), and a server without a trust bundle.
 */
class TrustedClientCertificatesTests {

	private final KeyPair authorityKeys = keyPair();

	private final X509Certificate authority = certificate("CN=Usage CA", this.authorityKeys, "CN=Usage CA",
			this.authorityKeys, true, null);

	private final TrustedClientCertificates trusted = new TrustedClientCertificates(bundle(this.authority),
			Clock.systemUTC());

	@Test
	void refusalWhenTheExtendedKeyUsageExcludesClientAuthThenRefusedAndOtherwiseTrusted() {
		X509Certificate serverOnly = leaf(KeyPurposeId.id_kp_serverAuth);
		X509Certificate client = leaf(KeyPurposeId.id_kp_clientAuth);
		X509Certificate anyUsage = leaf(null);

		assertThat(this.trusted.refusal(new X509Certificate[] { serverOnly, this.authority }))
			.contains("extended key usage excludes clientAuth");
		assertThat(this.trusted.refusal(new X509Certificate[] { client, this.authority })).isNull();
		assertThat(this.trusted.refusal(new X509Certificate[] { anyUsage })).isNull();
	}

	@Test
	void refusalWhenNoTrustBundleIsConfiguredThenEveryChainIsRefused() {
		TrustedClientCertificates none = new TrustedClientCertificates(null, Clock.systemUTC());

		assertThat(none.refusal(new X509Certificate[] { leaf(null), this.authority }))
			.contains("no trust bundle (authserver.mtls.trust-bundle)");
	}

	private X509Certificate leaf(KeyPurposeId usage) {
		return certificate("CN=client", keyPair(), "CN=Usage CA", this.authorityKeys, false, usage);
	}

	private static SslBundle bundle(X509Certificate authority) {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			trustStore.setCertificateEntry("ca", authority);
			return SslBundle.of(SslStoreBundle.of(null, null, trustStore));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			boolean authority, KeyPurposeId usage) {
		try {
			Instant now = Instant.now();
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			if (usage != null) {
				builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
