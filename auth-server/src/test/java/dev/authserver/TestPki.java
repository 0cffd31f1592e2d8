package dev.authserver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * A test public-key infrastructure made in memory: certificate authorities, certificates
 * they sign with a chosen subject, subject alternative names and validity, self-signed
 * certificates, the PEM or PKCS12 files a Boot SSL bundle reads, and the
 * {@link SSLContext} of a client that presents a certificate. Keys are EC P-256, made
 * fresh for every run: no private key is ever checked in.
 */
public final class TestPki {

	/** The password of every PKCS12 file written here (test-only, obviously fake). */
	public static final String STORE_PASSWORD = "test-store-password";

	private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

	private TestPki() {
	}

	/** A new root certificate authority, valid from an hour ago for ten years. */
	public static Authority authority(String subjectDn) {
		KeyPair keys = newKeyPair();
		Instant now = Instant.now();
		X509Certificate certificate = build(name(subjectDn), keys.getPublic(), name(subjectDn), keys.getPrivate(),
				now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(3650)), true, new ArrayList<>(), null);
		return new Authority(new Credential(keys.getPrivate(), List.of(certificate)));
	}

	/**
	 * A self-signed end-entity certificate, as {@code self_signed_tls_client_auth} uses.
	 */
	public static CertificateRequest selfSigned(String subjectDn) {
		return new CertificateRequest(subjectDn, null);
	}

	/**
	 * A client {@link SSLContext} that presents no certificate and trusts the given
	 * certificates (a server's authority).
	 */
	public static SSLContext trusting(X509Certificate... trusted) {
		return sslContext(null, trusted);
	}

	/**
	 * The base64url SHA-256 of the certificate's DER encoding, as RFC 8705 §3.1's
	 * {@code x5t#S256} carries it.
	 */
	public static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The certificate as PEM text, as nginx passes it before escaping. */
	public static String pem(X509Certificate certificate) {
		return pemOf(certificate);
	}

	private static SSLContext sslContext(Credential presented, X509Certificate... trusted) {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			for (int i = 0; i < trusted.length; i++) {
				trustStore.setCertificateEntry("trusted-" + i, trusted[i]);
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore);
			KeyManagerFactory keys = null;
			if (presented != null) {
				keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(presented.keyStore(), STORE_PASSWORD.toCharArray());
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init((keys != null) ? keys.getKeyManagers() : null, trust.getTrustManagers(), new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The name as the JDK reads it (RFC 4514: the last RDN written is the first encoded).
	 * Bouncy Castle's {@code new X500Name(String)} encodes the RDNs in the order written,
	 * so {@code CN=a,O=b} would come out as the JDK's {@code O=b,CN=a}.
	 */
	private static X500Name name(String dn) {
		return X500Name.getInstance(new X500Principal(dn).getEncoded());
	}

	private static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static X509Certificate build(X500Name subject, java.security.PublicKey subjectKey, X500Name issuer,
			PrivateKey issuerKey, Instant notBefore, Instant notAfter, boolean authority, List<GeneralName> names,
			X509Certificate issuerCertificate) {
		try {
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
					BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
					subjectKey);
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
			builder.addExtension(Extension.keyUsage, true,
					authority ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
							: new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(subjectKey));
			if (issuerCertificate != null) {
				builder.addExtension(Extension.authorityKeyIdentifier, false,
						extensions.createAuthorityKeyIdentifier(issuerCertificate));
			}
			if (!names.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(names.toArray(GeneralName[]::new)));
			}
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pemOf(Object object) {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

	/** A certificate authority that signs certificates. */
	public static final class Authority {

		private final Credential credential;

		private Authority(Credential credential) {
			this.credential = credential;
		}

		public X509Certificate certificate() {
			return this.credential.certificate();
		}

		/** A certificate this authority will sign, to be described and then issued. */
		public CertificateRequest certificate(String subjectDn) {
			return new CertificateRequest(subjectDn, this);
		}

		/** The authority's certificate as a PEM file, for a truststore. */
		public Path writeCertificatePem(Path directory, String name) {
			return this.credential.writeCertificatePem(directory, name);
		}

	}

	/**
	 * A certificate being described: subject alternative names and validity, then
	 * {@link #issue()}.
	 */
	public static final class CertificateRequest {

		private final String subjectDn;

		private final Authority issuer;

		private final List<GeneralName> names = new ArrayList<>();

		private Instant notBefore = Instant.now().minus(Duration.ofHours(1));

		private Instant notAfter = Instant.now().plus(Duration.ofDays(30));

		private CertificateRequest(String subjectDn, Authority issuer) {
			this.subjectDn = subjectDn;
			this.issuer = issuer;
		}

		public CertificateRequest dnsName(String name) {
			this.names.add(new GeneralName(GeneralName.dNSName, name));
			return this;
		}

		public CertificateRequest uri(String uri) {
			this.names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
			return this;
		}

		public CertificateRequest email(String email) {
			this.names.add(new GeneralName(GeneralName.rfc822Name, email));
			return this;
		}

		public CertificateRequest ipAddress(String address) {
			try {
				// A literal, never looked up.
				InetAddress.getByName(address);
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException(address, ex);
			}
			this.names.add(new GeneralName(GeneralName.iPAddress, address));
			return this;
		}

		public CertificateRequest validity(Instant notBefore, Instant notAfter) {
			this.notBefore = notBefore;
			this.notAfter = notAfter;
			return this;
		}

		/** The certificate and its new private key. */
		public Credential issue() {
			KeyPair keys = newKeyPair();
			X500Name subject = name(this.subjectDn);
			if (this.issuer == null) {
				X509Certificate certificate = build(subject, keys.getPublic(), subject, keys.getPrivate(),
						this.notBefore, this.notAfter, false, this.names, null);
				return new Credential(keys.getPrivate(), List.of(certificate));
			}
			X509Certificate issuerCertificate = this.issuer.certificate();
			X509Certificate certificate = build(subject, keys.getPublic(),
					X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded()),
					this.issuer.credential.privateKey(), this.notBefore, this.notAfter, false, this.names,
					issuerCertificate);
			return new Credential(keys.getPrivate(), List.of(certificate, issuerCertificate));
		}

	}

	/**
	 * A private key with its certificate chain (the end-entity certificate first).
	 *
	 * @param privateKey the key, in memory only
	 * @param chain the certificate first, then its issuers
	 */
	public record Credential(PrivateKey privateKey, List<X509Certificate> chain) {

		public X509Certificate certificate() {
			return this.chain.get(0);
		}

		/** The client {@link SSLContext} that presents this credential. */
		public SSLContext sslContext(X509Certificate... trusted) {
			return TestPki.sslContext(this, trusted);
		}

		/**
		 * Writes the chain to {@code <name>.crt} and the key (PKCS8) to
		 * {@code <name>.key} in the directory, as a Boot PEM SSL bundle or nginx reads
		 * them; returns the certificate file (the key file is beside it).
		 */
		public Path writePem(Path directory, String name) {
			StringBuilder chainPem = new StringBuilder();
			this.chain.forEach((certificate) -> chainPem.append(pemOf(certificate)));
			write(directory.resolve(name + ".crt"), chainPem.toString());
			try {
				write(directory.resolve(name + ".key"), pemOf(new JcaPKCS8Generator(this.privateKey, null)));
			}
			catch (PemGenerationException ex) {
				throw new UncheckedIOException(ex);
			}
			return directory.resolve(name + ".crt");
		}

		/** Writes only the certificate as PEM. */
		public Path writeCertificatePem(Path directory, String name) {
			Path file = directory.resolve(name + ".crt");
			write(file, pemOf(certificate()));
			return file;
		}

		/**
		 * Writes a PKCS12 keystore with this credential, protected by
		 * {@link #STORE_PASSWORD}.
		 */
		public Path writePkcs12(Path directory, String name) {
			Path file = directory.resolve(name + ".p12");
			try (OutputStream out = Files.newOutputStream(file)) {
				keyStore().store(out, STORE_PASSWORD.toCharArray());
			}
			catch (IOException | GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			return file;
		}

		private KeyStore keyStore() {
			try {
				KeyStore store = KeyStore.getInstance("PKCS12");
				store.load(null, null);
				store.setKeyEntry("key", this.privateKey, STORE_PASSWORD.toCharArray(),
						this.chain.toArray(Certificate[]::new));
				return store;
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** The DER encoding of the certificate. */
		public byte[] encoded() {
			try {
				return certificate().getEncoded();
			}
			catch (CertificateEncodingException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static void write(Path file, String text) {
			try {
				Files.writeString(file, text);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
