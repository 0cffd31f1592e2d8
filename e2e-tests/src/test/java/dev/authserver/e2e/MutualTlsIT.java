package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.testsupport.TestCertificates;
import dev.authserver.testsupport.TestCertificates.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS (RFC 8705) between the real apps, each started as an operator configures it
 * with Boot SSL bundles of certificates this test makes: the auth-server with its mTLS
 * listener and a declared {@code tls_client_auth} client whose tokens are bound to its
 * certificate, the resource-server over HTTPS asking for client certificates, and the
 * client demo switched to {@code tls_client_auth} for its machine-to-machine call. A
 * token obtained over mTLS carries {@code cnf.x5t#S256}, and the API accepts it only from
 * the holder of that certificate.
 */
class MutualTlsIT {

	private static final Path WORK = Path.of(System.getProperty("e2e.workDirectory", "target/e2e"), "mutual-tls");

	/** The declared client's name in the auth-server's properties, and its id. */
	private static final String CLIENT_NAME = "e2e-mtls";

	private static final String CLIENT_ID = "e2e-mtls-client";

	private static final String CLIENT_SUBJECT = "CN=" + CLIENT_ID;

	private static final TestCertificates certificates = TestCertificates.newAuthority();

	private static final Identity client = certificates.client(CLIENT_ID);

	/** Signed by the same CA, so only the binding tells it from the client's. */
	private static final Identity other = certificates.client("someone-else");

	/** What {@link #stopEverything()} closes, last started first. */
	private static final Deque<AutoCloseable> started = new ArrayDeque<>();

	private static String issuer;

	private static String resourceServer;

	private static String clientDemo;

	@BeforeAll
	static void startTheAppsWithMutualTls() throws IOException {
		Files.createDirectories(WORK);
		Path pki = Files.createTempDirectory(WORK.toAbsolutePath(), "pki-");
		Path authority = TestCertificates.writePem(certificates.authorityCertificate(), pki.resolve("ca.crt"));
		Path authServerCertificate = TestCertificates.writePem(certificates.server(), pki, "auth-server");
		Path resourceServerCertificate = TestCertificates.writePem(certificates.server(), pki, "resource-server");
		Path clientCertificate = TestCertificates.writePem(client, pki, "client");

		int authServerPort = freePort();
		int mtlsPort = freePort();
		int resourceServerPort = freePort();
		int clientDemoPort = freePort();
		issuer = "http://localhost:" + authServerPort;
		resourceServer = "https://localhost:" + resourceServerPort;
		clientDemo = "http://127.0.0.1:" + clientDemoPort;
		String declared = "spring.security.oauth2.authorizationserver.client." + CLIENT_NAME;

		AppProcess authServer = start("auth-server", "e2e.authServerJar",
				Map.ofEntries(Map.entry("server.port", String.valueOf(authServerPort)),
						Map.entry("management.server.port", String.valueOf(freePort())),
						Map.entry("spring.security.oauth2.authorizationserver.issuer", issuer),
						Map.entry("authserver.tokens.audience", resourceServer),
						Map.entry("authserver.demo.client-demo-url", clientDemo),
						Map.entry("authserver.registration.allow-http-localhost", "true"),
						Map.entry("authserver.demo.user-password", RunningSystem.DEMO_USER_PASSWORD),
						Map.entry("authserver.demo.admin-password", RunningSystem.ADMIN_PASSWORD),
						Map.entry("authserver.demo.web-client-secret", RunningSystem.WEB_CLIENT_SECRET),
						Map.entry("authserver.demo.machine-client-secret", RunningSystem.MACHINE_CLIENT_SECRET),
						// The mTLS listener: its server certificate, and the CA that
						// tls_client_auth certificates must chain to.
						Map.entry("authserver.mtls.port", String.valueOf(mtlsPort)),
						Map.entry("authserver.mtls.ssl-bundle", "mtls-server"),
						Map.entry("authserver.mtls.trust-bundle", "mtls-clients"),
						Map.entry("spring.ssl.bundle.pem.mtls-server.keystore.certificate", uri(authServerCertificate)),
						Map.entry("spring.ssl.bundle.pem.mtls-server.keystore.private-key",
								uri(key(authServerCertificate))),
						Map.entry("spring.ssl.bundle.pem.mtls-clients.truststore.certificate", uri(authority)),
						// A machine client that authenticates with its certificate and
						// gets tokens bound to it.
						Map.entry(declared + ".registration.client-id", CLIENT_ID),
						Map.entry(declared + ".registration.client-authentication-methods", "tls_client_auth"),
						Map.entry(declared + ".registration.authorization-grant-types", "client_credentials"),
						Map.entry(declared + ".registration.scopes", "message.read"),
						Map.entry("authserver.clients.mutual-tls." + CLIENT_NAME + ".subject-dn", CLIENT_SUBJECT),
						Map.entry("authserver.clients.mutual-tls." + CLIENT_NAME + ".certificate-bound-access-tokens",
								"true")));
		AppProcess resourceServerApp = start("resource-server", "e2e.resourceServerJar",
				Map.of("server.port", String.valueOf(resourceServerPort),
						"spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer,
						"spring.security.oauth2.resourceserver.jwt.audiences", resourceServer, "server.ssl.bundle",
						"api", "server.ssl.client-auth", "want", "spring.ssl.bundle.pem.api.keystore.certificate",
						uri(resourceServerCertificate), "spring.ssl.bundle.pem.api.keystore.private-key",
						uri(key(resourceServerCertificate))));
		AppProcess clientDemoApp = start("client-demo", "e2e.clientDemoJar",
				Map.ofEntries(Map.entry("server.port", String.valueOf(clientDemoPort)),
						Map.entry("spring.security.oauth2.client.provider.authserver.issuer-uri", issuer),
						Map.entry("spring.security.oauth2.client.registration.demo.client-secret",
								RunningSystem.WEB_CLIENT_SECRET),
						Map.entry("spring.security.oauth2.client.registration.machine.client-id", CLIENT_ID),
						Map.entry("spring.security.oauth2.client.registration.machine.client-authentication-method",
								"tls_client_auth"),
						Map.entry("spring.security.oauth2.client.registration.machine.scope", "message.read"),
						Map.entry("client-demo.mtls.ssl-bundle", "machine"),
						Map.entry("spring.ssl.bundle.pem.machine.keystore.certificate", uri(clientCertificate)),
						Map.entry("spring.ssl.bundle.pem.machine.keystore.private-key", uri(key(clientCertificate))),
						Map.entry("spring.ssl.bundle.pem.machine.truststore.certificate", uri(authority)),
						Map.entry("client-demo.resource-server-url", resourceServer)));
		CompletableFuture.allOf(CompletableFuture.runAsync(
				() -> authServer.awaitReady(issuer + "/.well-known/openid-configuration", (status) -> status == 200)),
				CompletableFuture
					.runAsync(() -> resourceServerApp.awaitReady(HttpClient.newBuilder().sslContext(tls(null)),
							resourceServer + "/api/me", (status) -> status == 401)),
				CompletableFuture.runAsync(() -> clientDemoApp.awaitReady(clientDemo + "/", (status) -> status == 200)))
			.join();
	}

	@AfterAll
	static void stopEverything() throws Exception {
		while (!started.isEmpty()) {
			started.pop().close();
		}
	}

	@Test
	void discoveryWhenTheMtlsListenerIsOnThenItNamesTheAliasAndCertificateBoundTokens() throws Exception {
		Map<String, Object> metadata = discovery();

		assertThat(metadata).containsEntry("tls_client_certificate_bound_access_tokens", true);
		assertThat(mtlsTokenEndpoint(metadata)).startsWith("https://localhost:");
	}

	@Test
	void tokenOverMutualTlsWhenTheCertificateMatchesThenBoundToItAndAcceptedByTheApiOnlyWithIt() throws Exception {
		HttpResponse<String> tokenResponse = tokenRequest(client);

		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		String token = (String) JSONObjectUtils.parse(tokenResponse.body()).get("access_token");
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf")).containsEntry("x5t#S256",
				client.thumbprint());

		HttpResponse<String> withItsCertificate = callApi(client, token);
		assertThat(withItsCertificate.statusCode()).as(withItsCertificate.body()).isEqualTo(200);
		assertThat(JSONObjectUtils.parse(withItsCertificate.body())).containsEntry("client_id", CLIENT_ID);

		HttpResponse<String> withoutCertificate = callApi(null, token);
		assertThat(withoutCertificate.statusCode()).isEqualTo(401);
		assertThat(withoutCertificate.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));

		HttpResponse<String> withAnotherCertificate = callApi(other, token);
		assertThat(withAnotherCertificate.statusCode()).isEqualTo(401);
		assertThat(withAnotherCertificate.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
	}

	@Test
	void tokenOverMutualTlsWhenTheCertificateIsAnotherSubjectsThenInvalidClient() throws Exception {
		HttpResponse<String> response = tokenRequest(other);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(JSONObjectUtils.parse(response.body())).containsEntry("error", "invalid_client");
	}

	@Test
	void clientDemoMachinePageWhenSwitchedToTlsClientAuthThenItsApiCallWithTheBoundTokenWorks() throws Exception {
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(clientDemo + "/machine")).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains("<code id=\"machine-client-authentication\">tls_client_auth</code>")
			.contains("<code id=\"machine-client-certificate\">" + CLIENT_SUBJECT + "</code>")
			// The API's /api/me answer, shown on the page: the bound token was accepted.
			.contains(CLIENT_ID)
			.contains("machine");
	}

	private static HttpResponse<String> tokenRequest(Identity certificate) throws Exception {
		return HttpClient.newBuilder()
			.sslContext(tls(certificate))
			.build()
			.send(HttpRequest.newBuilder(URI.create(mtlsTokenEndpoint(discovery())))
				.header("Content-Type", "application/x-www-form-urlencoded")
				// RFC 8705 §2: the certificate authenticates the client, which names
				// itself with client_id.
				.POST(HttpRequest.BodyPublishers
					.ofString("grant_type=client_credentials&scope=message.read&client_id=" + CLIENT_ID))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> callApi(Identity certificate, String token) throws Exception {
		return HttpClient.newBuilder()
			.sslContext(tls(certificate))
			.build()
			.send(HttpRequest.newBuilder(URI.create(resourceServer + "/api/me"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Map<String, Object> discovery() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/oauth-authorization-server")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JSONObjectUtils.parse(response.body());
	}

	@SuppressWarnings("unchecked")
	private static String mtlsTokenEndpoint(Map<String, Object> metadata) {
		Object aliases = metadata.get("mtls_endpoint_aliases");
		assertThat(aliases).as("mtls_endpoint_aliases").isInstanceOf(Map.class);
		return (String) ((Map<String, Object>) aliases).get("token_endpoint");
	}

	/** Trusts the test CA's servers; presents {@code certificate} unless it is null. */
	private static SSLContext tls(Identity certificate) {
		return certificates.clientTls(certificate);
	}

	private static AppProcess start(String name, String jarProperty, Map<String, String> properties) {
		AppProcess app = AppProcess.start(name, Path.of(System.getProperty(jarProperty, "missing-" + jarProperty)),
				WORK, properties);
		started.push(app);
		return app;
	}

	private static Path key(Path certificate) {
		return certificate.resolveSibling(certificate.getFileName().toString().replace(".crt", ".key"));
	}

	private static String uri(Path file) {
		return file.toAbsolutePath().toUri().toString();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
