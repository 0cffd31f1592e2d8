package dev.authserver;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes the certificates of an {@link MtlsServerTest} server before it starts, since Boot
 * reads its SSL bundles at start-up: the mTLS listener's certificate for
 * {@code localhost} and {@code 127.0.0.1}, signed by {@link #SERVER_AUTHORITY} (which
 * test clients trust), and {@link #CLIENT_AUTHORITY}, the trust anchor of
 * {@code tls_client_auth} certificates ({@code authserver.mtls.trust-bundle}). The keys
 * live in memory and in files under {@code target/} only.
 */
public class MtlsServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The name of the SSL bundle with the mTLS listener's certificate. */
	public static final String SERVER_BUNDLE = "mtls-server";

	/** The name of the SSL bundle whose truststore holds {@link #CLIENT_AUTHORITY}. */
	public static final String CLIENT_TRUST_BUNDLE = "mtls-client-authorities";

	/** The authority of the server's certificate. */
	public static final TestPki.Authority SERVER_AUTHORITY = TestPki.authority("CN=Test Server CA, O=authserver tests");

	/** The authority whose certificates {@code tls_client_auth} clients present. */
	public static final TestPki.Authority CLIENT_AUTHORITY = TestPki.authority("CN=Test Client CA, O=authserver tests");

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Path directory = FreshServerInitializer.newDataDirectory();
		TestPki.Credential server = SERVER_AUTHORITY.certificate("CN=localhost")
			.dnsName("localhost")
			.ipAddress("127.0.0.1")
			.issue();
		Path certificate = server.writePem(directory, "server");
		Path clientAuthorities = CLIENT_AUTHORITY.writeCertificatePem(directory, "client-ca");
		String bundle = "spring.ssl.bundle.pem." + SERVER_BUNDLE;
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("mtls-server",
					Map.of(bundle + ".keystore.certificate", "file:" + certificate, bundle + ".keystore.private-key",
							"file:" + directory.resolve("server.key"),
							"spring.ssl.bundle.pem." + CLIENT_TRUST_BUNDLE + ".truststore.certificate",
							"file:" + clientAuthorities)));
	}

}
