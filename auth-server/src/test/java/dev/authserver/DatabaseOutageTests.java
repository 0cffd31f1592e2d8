package dev.authserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.JWKSet;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stops the PostgreSQL server under a running auth-server, under load, and starts it
 * again: what needs the database answers {@code 503} with {@code temporarily_unavailable}
 * and {@code Retry-After} (the browser the error page) within the pool's two-second
 * bound, what does not (JWKS, discovery, a stateless client's client-credentials token)
 * keeps working, readiness is {@code DOWN} and liveness {@code UP}, the log has no stack
 * trace, and within seconds of the database's return everything works again without a
 * restart, nothing lost: a code issued before the outage and refused during it is
 * redeemed after.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTests {

	/**
	 * The pool's connection timeout (application.yml) and a margin for a busy machine.
	 */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(2).plusSeconds(3);

	@Test
	void databaseStoppedThenRequestsNeedingItAnswer503AndAllRecoverWhenItReturns(CapturedOutput output)
			throws Exception {
		Path postgresData = FreshServerInitializer.newDataDirectory().resolve("postgres");
		int postgresPort = FreshServerInitializer.freePort();
		EmbeddedPostgres postgres = startPostgres(postgresData, postgresPort);
		int port = FreshServerInitializer.freePort();
		int managementPort = FreshServerInitializer.freePort();
		String issuer = "http://localhost:" + port;
		String jdbcUrl = PostgresDatabases.create(postgres);
		try (ConfigurableApplicationContext server = StandaloneServers
			.start(properties(port, managementPort, jdbcUrl))) {
			HttpExchange http = HttpExchange.to(issuer);
			HttpExchange management = HttpExchange.to("http://127.0.0.1:" + managementPort);
			assertThat(statelessToken(http).statusCode()).as("the stateless client, now cached").isEqualTo(200);
			Map<String, Object> codeRedemption = codeRedemption(HttpExchange.to(issuer), "openid profile");
			String storedToken = storedToken(http);
			HttpExchange browser = HttpExchange.to(issuer);
			String csrfToken = HttpExchange.csrfToken(browser.browse("/login"));

			postgres.close();
			int logMark = output.getAll().length();

			ExecutorService load = Executors.newFixedThreadPool(4);
			try {
				List<Future<HttpResponse<String>>> answers = new ArrayList<>();
				for (int i = 0; i < 24; i++) {
					answers.add(load.submit(() -> introspect(http, storedToken)));
					answers.add(load.submit(() -> statelessToken(http)));
				}
				for (Future<HttpResponse<String>> answer : answers) {
					HttpResponse<String> response = answer.get();
					if (response.request().uri().getPath().equals("/oauth2/introspect")) {
						assertTemporarilyUnavailable(response);
					}
					else {
						assertThat(response.statusCode()).as("a stateless token during the outage").isEqualTo(200);
					}
				}
			}
			finally {
				load.shutdownNow();
			}

			Instant asked = Instant.now();
			HttpResponse<String> redemption = http.postFormAsClient("/oauth2/token", codeRedemption,
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
			assertThat(Duration.between(asked, Instant.now())).as("bounded by the pool's timeout")
				.isLessThan(ANSWER_BOUND);
			assertTemporarilyUnavailable(redemption);

			HttpResponse<String> signIn = browser.postForm("/login", Map.of("username", TestClients.DEMO_USER,
					"password", TestClients.DEMO_USER_PASSWORD, "_csrf", csrfToken), "Accept", "text/html");
			assertThat(signIn.statusCode()).as("a browser's sign-in during the outage").isEqualTo(503);
			assertThat(signIn.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(HtmlDocuments.text(signIn, "error-title")).hasValue("Temporarily unavailable");

			assertThat(JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys()).as("JWKS").isNotEmpty();
			assertThat(http.get("/.well-known/openid-configuration").statusCode()).as("discovery").isEqualTo(200);
			assertThat(management.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			HttpResponse<String> readiness = management.get("/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(HttpExchange.json(readiness)).containsEntry("status", "DOWN");

			String outageLog = output.getAll().substring(logMark);
			assertThat(outageLog).as("no stack trace while the database is away").doesNotContain("\tat ");
			assertThat(outageLog).contains("Database unavailable: requests answered 503");

			postgres = startPostgres(postgresData, postgresPort);
			Instant restarted = Instant.now();
			HttpResponse<String> recovered = introspect(http, storedToken);
			while (recovered.statusCode() != 200 && Instant.now().isBefore(restarted.plusSeconds(15))) {
				Thread.sleep(250);
				recovered = introspect(http, storedToken);
			}
			assertThat(recovered.statusCode()).as("introspection within seconds of the database's return")
				.isEqualTo(200);
			assertThat(HttpExchange.json(recovered)).containsEntry("active", true);
			HttpResponse<String> redeemed = http.postFormAsClient("/oauth2/token", codeRedemption,
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
			assertThat(redeemed.statusCode()).as("the code refused during the outage, redeemed now").isEqualTo(200);
			assertThat(HttpExchange.json(redeemed)).containsKey("id_token");
			assertThat(codeRedemption(HttpExchange.to(issuer), "openid email")).as("a new sign-in").containsKey("code");
			assertThat(management.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			assertThat(tokensIssuedTo(jdbcUrl, TestClients.MACHINE_CLIENT_ID))
				.as("audit events of the tokens issued during the outage, stored after it")
				.isEqualTo(1 + 24);
		}
		finally {
			postgres.close();
		}
	}

	/** Waits a little for the audit writer, which stores its queue in batches. */
	private static int tokensIssuedTo(String jdbcUrl, String clientId) throws Exception {
		JdbcClient database = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
		int count = 0;
		for (int attempt = 0; attempt < 20; attempt++) {
			count = database.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'TOKEN_ISSUED' AND client_id = ?")
				.param(clientId)
				.query(Integer.class)
				.single();
			if (count >= 1 + 24) {
				break;
			}
			Thread.sleep(250);
		}
		return count;
	}

	private static void assertTemporarilyUnavailable(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.request().uri().getPath()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(HttpExchange.json(response)).containsEntry("error", "temporarily_unavailable");
	}

	private static HttpResponse<String> statelessToken(HttpExchange http) {
		return http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
	}

	private static String storedToken(HttpExchange http) {
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.DECLARED_CLIENT_ID,
				TestClients.DECLARED_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(response).get("access_token");
	}

	private static HttpResponse<String> introspect(HttpExchange http, String token) {
		return http.postFormAsClient("/oauth2/introspect", Map.of("token", token), TestClients.DECLARED_CLIENT_ID,
				TestClients.DECLARED_CLIENT_SECRET);
	}

	private static Map<String, Object> codeRedemption(HttpExchange browser, String scope) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, scope)
			.signInAndConsent("outage", pkce, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);
		Map<String, Object> redemption = new HashMap<>();
		redemption.put("grant_type", "authorization_code");
		redemption.put("code", HttpExchange.queryParameters(callback).get("code"));
		redemption.put("redirect_uri", TestClients.WEB_REDIRECT_URI);
		redemption.put("code_verifier", pkce.verifier());
		return redemption;
	}

	/** Stopped by {@code close()}; started again on the same files and port. */
	private static EmbeddedPostgres startPostgres(Path dataDirectory, int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(port)
			.start();
	}

	private static Map<String, Object> properties(int port, int managementPort, String jdbcUrl) {
		Map<String, Object> properties = StandaloneServers.properties(port, jdbcUrl,
				FreshServerInitializer.newDataDirectory().resolve("dev-key-encryption.key"));
		properties.put("management.server.port", managementPort);
		properties.put("authserver.authorizations.stateless-clients", TestClients.MACHINE_CLIENT_ID);
		StandaloneServers.declareMachineClient(properties);
		return properties;
	}

}
