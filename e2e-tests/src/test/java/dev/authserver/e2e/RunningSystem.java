package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authserver.testsupport.TestMailServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The four apps, started once for all end-to-end tests on free ports, wired to each other
 * the way the README describes: the auth-server's issuer matches its port, the
 * resource-server and the downstream API trust that issuer, the resource-server exchanges
 * tokens for the downstream API as {@code demo-api}, the client demo runs on
 * {@code 127.0.0.1} so its cookies never mix with the auth-server's on {@code localhost}.
 */
public final class RunningSystem implements BeforeAllCallback {

	static final String DEMO_USER = "demo";

	static final String DEMO_USER_PASSWORD = "e2e-demo-password";

	/**
	 * A second user, so a test can meet the consent page whatever the other tests
	 * consented to.
	 */
	static final String SECOND_USER = "alice";

	static final String SECOND_USER_PASSWORD = "e2e-alice-password";

	static final String ADMIN = "admin";

	static final String ADMIN_PASSWORD = "e2e-admin-password";

	static final String WEB_CLIENT_SECRET = "e2e-web-secret";

	static final String MACHINE_CLIENT_ID = "demo-m2m";

	static final String MACHINE_CLIENT_SECRET = "e2e-m2m-secret";

	/**
	 * The resource server's own client, which exchanges tokens for the downstream API.
	 */
	static final String API_CLIENT_ID = "demo-api";

	static final String API_CLIENT_SECRET = "e2e-api-secret";

	/**
	 * Inside the client's 60 s refresh margin, so the client demo refreshes the user's
	 * token at each call, and as long as {@link #MAX_TOKEN_LIFETIME}, so tokens live as
	 * declared.
	 */
	static final String ACCESS_TOKEN_TIME_TO_LIVE = "8s";

	/**
	 * How long a retired key stays published, less the clock skew (1 s) and the check
	 * interval (0.5 s).
	 */
	static final Duration MAX_TOKEN_LIFETIME = Duration.ofSeconds(8);

	static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static Apps apps;

	@Override
	public void beforeAll(ExtensionContext context) {
		synchronized (RunningSystem.class) {
			if (apps == null) {
				apps = Apps.start();
				context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(Apps.class.getName(), apps);
			}
		}
	}

	static String authServerUrl() {
		return "http://localhost:" + apps.authServerPort;
	}

	static String resourceServerUrl() {
		return "http://localhost:" + apps.resourceServerPort;
	}

	static String resourceServerAudience() {
		return resourceServerUrl();
	}

	static String downstreamApiUrl() {
		return "http://localhost:" + apps.downstreamApiPort;
	}

	/** A client credentials token of the machine client, asserted to be issued. */
	static String machineToken(String scope) {
		String credentials = MACHINE_CLIENT_ID + ":" + MACHINE_CLIENT_SECRET;
		try {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create(authServerUrl() + "/oauth2/token"))
					.header("Authorization",
							"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(
							"grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return (String) JSONObjectUtils.parse(response.body()).get("access_token");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a token response", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String clientDemoUrl() {
		return "http://127.0.0.1:" + apps.clientDemoPort;
	}

	/**
	 * The SMTP server the auth-server sends its mail to (password reset, verification).
	 */
	static TestMailServer mail() {
		return apps.mail;
	}

	private record Apps(int authServerPort, int resourceServerPort, int clientDemoPort, int downstreamApiPort,
			TestMailServer mail, List<AppProcess> processes) implements ExtensionContext.Store.CloseableResource {

		static Apps start() {
			int authServerPort = freePort();
			int resourceServerPort = freePort();
			int clientDemoPort = freePort();
			int downstreamApiPort = freePort();
			String downstreamApi = "http://localhost:" + downstreamApiPort;
			String issuer = "http://localhost:" + authServerPort;
			String resourceServer = "http://localhost:" + resourceServerPort;
			String clientDemo = "http://127.0.0.1:" + clientDemoPort;
			Path work = Path.of(System.getProperty("e2e.workDirectory", "target/e2e"));
			TestMailServer mail = TestMailServer.start();

			AppProcess authServer = AppProcess.start("auth-server", jar("e2e.authServerJar"), work,
					Map.ofEntries(Map.entry("server.port", String.valueOf(authServerPort)),
							Map.entry("management.server.port", String.valueOf(freePort())),
							Map.entry("spring.security.oauth2.authorizationserver.issuer", issuer),
							Map.entry("authserver.tokens.audience", resourceServer),
							Map.entry("authserver.tokens.resources", downstreamApi),
							Map.entry("authserver.demo.downstream-api-url", downstreamApi),
							Map.entry("authserver.demo.api-client-secret", API_CLIENT_SECRET),
							Map.entry("authserver.demo.client-demo-url", clientDemo),
							// Development mode: the client demo's confidential client on
							// http://127.0.0.1, and its back-channel logout endpoint
							// there.
							Map.entry("authserver.registration.allow-http-localhost", "true"),
							Map.entry("authserver.demo.access-token-time-to-live", ACCESS_TOKEN_TIME_TO_LIVE),
							Map.entry("authserver.demo.user-password", DEMO_USER_PASSWORD),
							Map.entry("authserver.demo.admin-password", ADMIN_PASSWORD),
							// Key rotation in seconds rather than days, so KeyRotationIT
							// can watch whole lifecycles.
							Map.entry("authserver.keys.pre-publication", "2s"),
							Map.entry("authserver.keys.jwks-max-age", "1s"),
							Map.entry("authserver.keys.check-interval", "500ms"),
							Map.entry("authserver.keys.max-token-lifetime", MAX_TOKEN_LIFETIME.toSeconds() + "s"),
							Map.entry("authserver.keys.clock-skew", CLOCK_SKEW.toSeconds() + "s"),
							Map.entry("authserver.demo.web-client-secret", WEB_CLIENT_SECRET),
							Map.entry("authserver.demo.machine-client-secret", MACHINE_CLIENT_SECRET),
							Map.entry("spring.security.user.name", SECOND_USER),
							Map.entry("spring.security.user.password", SECOND_USER_PASSWORD),
							// Mail for forgotten passwords and self-registration
							// (AccountRecoveryIT).
							Map.entry("spring.mail.host", "127.0.0.1"),
							Map.entry("spring.mail.port", String.valueOf(mail.port())),
							Map.entry("authserver.account.self-registration", "true")));
			AppProcess resourceServerApp = AppProcess.start("resource-server", jar("e2e.resourceServerJar"), work,
					Map.of("server.port", String.valueOf(resourceServerPort),
							"spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer,
							"spring.security.oauth2.resourceserver.jwt.audiences", resourceServer,
							"spring.security.oauth2.client.registration.downstream.client-secret", API_CLIENT_SECRET,
							"spring.security.oauth2.client.registration.actor.client-secret", API_CLIENT_SECRET,
							"resource-server.downstream-api-url", downstreamApi));
			AppProcess downstreamApiApp = AppProcess.start("downstream-api", jar("e2e.downstreamApiJar"), work,
					Map.of("server.port", String.valueOf(downstreamApiPort),
							"spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer,
							"spring.security.oauth2.resourceserver.jwt.audiences", downstreamApi));
			AppProcess clientDemoApp = AppProcess.start("client-demo", jar("e2e.clientDemoJar"), work,
					Map.of("server.port", String.valueOf(clientDemoPort),
							"spring.security.oauth2.client.provider.authserver.issuer-uri", issuer,
							"spring.security.oauth2.client.registration.demo.client-secret", WEB_CLIENT_SECRET,
							"spring.security.oauth2.client.registration.machine.client-secret", MACHINE_CLIENT_SECRET,
							"client-demo.resource-server-url", resourceServer, "client-demo.downstream-api-url",
							downstreamApi));
			Apps apps = new Apps(authServerPort, resourceServerPort, clientDemoPort, downstreamApiPort, mail,
					List.of(clientDemoApp, resourceServerApp, downstreamApiApp, authServer));
			try {
				CompletableFuture
					.allOf(CompletableFuture.runAsync(() -> authServer
						.awaitReady(issuer + "/.well-known/openid-configuration", (status) -> status == 200)),
							CompletableFuture.runAsync(() -> resourceServerApp.awaitReady(resourceServer + "/api/me",
									(status) -> status == 401)),
							CompletableFuture.runAsync(() -> downstreamApiApp
								.awaitReady(downstreamApi + "/api/identity", (status) -> status == 401)),
							CompletableFuture
								.runAsync(() -> clientDemoApp.awaitReady(clientDemo + "/", (status) -> status == 200)))
					.join();
			}
			catch (RuntimeException ex) {
				apps.close();
				throw ex;
			}
			return apps;
		}

		@Override
		public void close() {
			this.processes.forEach(AppProcess::close);
			this.mail.close();
		}

		private static Path jar(String property) {
			return Path.of(System.getProperty(property, "missing-" + property));
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

}
