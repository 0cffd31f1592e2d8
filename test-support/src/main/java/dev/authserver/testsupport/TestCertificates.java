package dev.authserver.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A throw-away certificate authority made when the tests start (EC P-256 keys, Bouncy
 * Castle), and what the samples' and the end-to-end mutual-TLS tests need from it: server
 * certificates for {@code localhost}, client certificates signed by it or self-signed, as
 * a Boot SSL bundle, an {@code SSLContext} or PEM files. Nothing of it is checked in.
 * (The auth-server's own tests have their fuller {@code TestPki}.)
 */
public final class TestCertificates {

	private static final Duration VALIDITY = Duration.ofDays(1);

	private static final SecureRandom random = new SecureRandom();

	private static final String PASSWORD = "test-only";

	private final Identity authority;

	private TestCertificates(Identity authority) {
		this.authority = authority;
	}

	/**
	 * A certificate and its private key.
	 */
	public record Identity(X509Certificate certificate, PrivateKey privateKey) {

		/**
		 * RFC 8705 §3.1: the base64url SHA-256 of the DER certificate, as
		 * {@code cnf.x5t#S256} names it.
		 */
		public String thumbprint() {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.certificate.getEncoded());
				return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	public static TestCertificates newAuthority() {
		KeyPair keys = newKeyPair();
		X500Name name = new X500Name("CN=Resource Server Test CA");
		return new TestCertificates(
				new Identity(sign(builder(name, name, keys.getPublic(), true), keys.getPrivate()), keys.getPrivate()));
	}

	public X509Certificate authorityCertificate() {
		return this.authority.certificate();
	}

	/** A server certificate for {@code localhost} and {@code 127.0.0.1}. */
	public Identity server() {
		KeyPair keys = newKeyPair();
		JcaX509v3CertificateBuilder builder = builder(issuerName(), new X500Name("CN=localhost"), keys.getPublic(),
				false);
		try {
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
		}
		catch (CertIOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Identity(sign(builder, this.authority.privateKey()), keys.getPrivate());
	}

	/**
	 * A client certificate with the subject {@code CN=<commonName>}, signed by the CA.
	 */
	public Identity client(String commonName) {
		KeyPair keys = newKeyPair();
		return new Identity(sign(builder(issuerName(), new X500Name("CN=" + commonName), keys.getPublic(), false),
				this.authority.privateKey()), keys.getPrivate());
	}

	/**
	 * A self-signed client certificate, as a {@code self_signed_tls_client_auth} client
	 * has.
	 */
	public static Identity selfSigned(String commonName) {
		KeyPair keys = newKeyPair();
		X500Name name = new X500Name("CN=" + commonName);
		return new Identity(sign(builder(name, name, keys.getPublic(), false), keys.getPrivate()), keys.getPrivate());
	}

	/** Writes a certificate alone as PEM, for a trust store. */
	public static Path writePem(X509Certificate certificate, Path file) {
		try {
			return Files.writeString(file, pem("CERTIFICATE", certificate.getEncoded()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes the certificate and its PKCS #8 private key as PEM files for a Boot SSL
	 * bundle ({@code spring.ssl.bundle.pem.*}); returns the certificate file, next to
	 * which the key is {@code <name>.key}.
	 */
	public static Path writePem(Identity identity, Path directory, String name) {
		try {
			Path certificate = directory.resolve(name + ".crt");
			Files.writeString(certificate, pem("CERTIFICATE", identity.certificate().getEncoded()));
			Files.writeString(directory.resolve(name + ".key"), pem("PRIVATE KEY", identity.privateKey().getEncoded()));
			return certificate;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A Boot SSL bundle as {@code spring.ssl.bundle.*} makes one: the client certificate
	 * and its key, and this CA as the only trusted issuer of servers.
	 */
	public SslBundle clientBundle(Identity client) {
		return SslBundle.of(SslStoreBundle.of(keyStore(client), PASSWORD, trustStore()));
	}

	/**
	 * A TLS server with {@code server}'s certificate that trusts client certificates of
	 * this CA.
	 */
	public SSLContext serverTls(Identity server) {
		return tls(server);
	}

	/**
	 * A TLS client that trusts this CA's servers and presents {@code client}'s
	 * certificate; none when it is null.
	 */
	public SSLContext clientTls(Identity client) {
		return (client != null) ? tls(client) : trustingOnly();
	}

	private SSLContext tls(Identity own) {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(keyStore(own), PASSWORD.toCharArray());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore());
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(keys.getKeyManagers(), trust.getTrustManagers(), random);
			return tls;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A TLS client that trusts this CA and has no certificate of its own. */
	public SSLContext trustingOnly() {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore());
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(null, trust.getTrustManagers(), random);
			return tls;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private KeyStore trustStore() {
		try {
			KeyStore trusted = KeyStore.getInstance("PKCS12");
			trusted.load(null, null);
			trusted.setCertificateEntry("ca", this.authority.certificate());
			return trusted;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyStore keyStore(Identity identity) {
		try {
			KeyStore own = KeyStore.getInstance("PKCS12");
			own.load(null, null);
			own.setKeyEntry("identity", identity.privateKey(), PASSWORD.toCharArray(),
					new X509Certificate[] { identity.certificate() });
			return own;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private X500Name issuerName() {
		return X500Name.getInstance(this.authority.certificate().getSubjectX500Principal().getEncoded());
	}

	private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
			boolean authority) {
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random),
				Date.from(now.minusSeconds(60)), Date.from(now.plus(VALIDITY)), subject, key);
		try {
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
		}
		catch (CertIOException ex) {
			throw new UncheckedIOException(ex);
		}
		return builder;
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (OperatorCreationException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A certificate as PEM, for a trust store file. */
	public static String pem(X509Certificate certificate) {
		try {
			return pem("CERTIFICATE", certificate.getEncoded());
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
