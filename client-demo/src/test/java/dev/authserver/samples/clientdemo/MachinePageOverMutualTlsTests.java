package dev.authserver.samples.clientdemo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.authserver.testsupport.TestCertificates;
import dev.authserver.testsupport.TestCertificates.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo started as an operator switches the machine-to-machine call to mutual TLS
 * (Boot properties only: the registration's {@code client-authentication-method}, a PEM
 * SSL bundle, {@code client-demo.mtls.ssl-bundle}), against a stand-in auth-server whose
 * discovery names an mTLS token endpoint and a stand-in API, both over HTTPS recording
 * the certificate they are shown.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MachinePageOverMutualTlsTests {

	private static final TestCertificates certificates = TestCertificates.newAuthority();

	private static final Identity client = certificates.client("demo-m2m");

	private static final StandInServer secured = StandInServer.https(certificates.serverTls(certificates.server()))
		.json("/mtls/oauth2/token",
				"{\"access_token\":\"issued-over-mtls\",\"token_type\":\"Bearer\",\"expires_in\":300,"
						+ "\"scope\":\"message.read message.write\"}")
		.json("/api/me", "{\"sub\":\"demo-m2m\",\"client_id\":\"demo-m2m\",\"kind\":\"machine\"}")
		.json("/api/messages", "[]");

	private static final StandInServer discovery = StandInServer.http();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void mutualTls(DynamicPropertyRegistry registry) {
		String issuer = discovery.url("");
		discovery.json("/.well-known/openid-configuration", """
				{"issuer": "%s", "authorization_endpoint": "%s/oauth2/authorize",
				 "token_endpoint": "%s/oauth2/token", "jwks_uri": "%s/oauth2/jwks",
				 "response_types_supported": ["code"], "subject_types_supported": ["public"],
				 "id_token_signing_alg_values_supported": ["RS256"],
				 "mtls_endpoint_aliases": {"token_endpoint": "%s"}}""".formatted(issuer, issuer, issuer, issuer,
				secured.url("/mtls/oauth2/token")));
		Path directory = newTlsDirectory();
		Path certificate = TestCertificates.writePem(client, directory, "client");
		Path authority = directory.resolve("ca.crt");
		writeCertificate(authority);
		registry.add("spring.security.oauth2.client.provider.authserver.issuer-uri", () -> issuer);
		registry.add("spring.security.oauth2.client.registration.machine.client-authentication-method",
				() -> "tls_client_auth");
		registry.add("client-demo.mtls.ssl-bundle", () -> "machine");
		registry.add("spring.ssl.bundle.pem.machine.keystore.certificate", () -> certificate.toUri().toString());
		registry.add("spring.ssl.bundle.pem.machine.keystore.private-key",
				() -> directory.resolve("client.key").toUri().toString());
		registry.add("spring.ssl.bundle.pem.machine.truststore.certificate", () -> authority.toUri().toString());
		registry.add("client-demo.resource-server-url", () -> secured.url(""));
	}

	@AfterAll
	static void stop() {
		secured.close();
		discovery.close();
	}

	@Test
	void machinePageWhenTlsClientAuthThenTokenAndApiCallOverMutualTlsAndThePageSaysSo() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/machine"))
				.header("Accept", "text/html")
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<code id=\"machine-client-authentication\">tls_client_auth</code>")
			.contains("<code id=\"machine-client-certificate\">CN=demo-m2m</code>")
			.contains("<code id=\"machine-token-type\">Bearer</code>");
		assertThat(secured.received()).extracting(StandInServer.Received::path)
			.containsExactly("/mtls/oauth2/token", "/api/me", "/api/messages");
		assertThat(secured.received())
			.allSatisfy((request) -> assertThat(request.clientCertificate()).isEqualTo(client.certificate()));
		assertThat(secured.received().get(0).headers().containsKey("Authorization")).as("no client secret").isFalse();
		assertThat(secured.received().get(1).headers().getFirst("Authorization")).isEqualTo("Bearer issued-over-mtls");
	}

	private static Path newTlsDirectory() {
		try {
			Path target = Path.of("target", "test-data");
			Files.createDirectories(target);
			return Files.createTempDirectory(target.toAbsolutePath(), "tls-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeCertificate(Path file) {
		try {
			Files.writeString(file, TestCertificates.pem(certificates.authorityCertificate()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
