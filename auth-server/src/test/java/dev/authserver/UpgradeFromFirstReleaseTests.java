package dev.authserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database made by the first release (test resources {@code first-release/}, its README
 * says how), restored on H2 and on PostgreSQL and started with this release: Flyway
 * migrates it from that release's schema to this one's, and it keeps working. The first
 * release's clients authenticate with their secrets, its user signs in, the access token
 * it issued introspects as active and verifies, and its signing key, kept encrypted under
 * the same key-encryption key, still signs.
 */
class UpgradeFromFirstReleaseTests {

	/** The first release's demo clients' redirect URIs, as it created them. */
	private static final String FIRST_RELEASE_REDIRECT_URI = "http://127.0.0.1:8080/login/oauth2/code/demo";

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	static Stream<Arguments> databases() {
		Supplier<String> h2 = () -> {
			String url = "jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("authserver");
			restore(url, "sa", "", (connection) -> connection.createStatement()
				.execute("RUNSCRIPT FROM 'classpath:first-release/h2.sql'"));
			return url;
		};
		Supplier<String> postgresql = () -> {
			String url = PostgresDatabases.create(postgres);
			restore(url, "postgres", "postgres", (connection) -> ScriptUtils.executeSqlScript(connection,
					new ClassPathResource("first-release/postgresql.sql")));
			return url;
		};
		return Stream.of(Arguments.of("h2", h2), Arguments.of("postgresql", postgresql));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void firstReleaseDatabaseMigratedThenClientsUsersTokensAndKeysWork(String database, Supplier<String> restored)
			throws Exception {
		String firstReleaseToken = firstReleaseAccessTokens().getProperty(database);
		int port = FreshServerInitializer.freePort();
		String issuer = "http://localhost:" + port;
		try (ConfigurableApplicationContext server = StandaloneServers.start(properties(port, restored.get()))) {
			HttpExchange http = HttpExchange.to(issuer);
			HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect",
					Map.of("token", firstReleaseToken), TestClients.DECLARED_CLIENT_ID,
					TestClients.DECLARED_CLIENT_SECRET);
			assertThat(HttpExchange.json(introspection)).as("the first release's access token")
				.containsEntry("active", true)
				.containsEntry("client_id", TestClients.DECLARED_CLIENT_ID);
			String jwks = http.get("/oauth2/jwks").body();
			SignedJwts.verify(firstReleaseToken, jwks);

			HttpResponse<String> token = http.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET);
			assertThat(token.statusCode()).as("the first release's demo-m2m and its secret").isEqualTo(200);
			String kid = SignedJWT.parse((String) HttpExchange.json(token).get("access_token")).getHeader().getKeyID();
			assertThat(kid).as("the first release's signing key still signs")
				.isEqualTo(SignedJWT.parse(firstReleaseToken).getHeader().getKeyID());
			assertThat(JWKSet.parse(jwks).getKeys()).hasSize(1);

			Pkce pkce = Pkce.generate();
			URI callback = BrowserSignIn
				.of(HttpExchange.to(issuer), TestClients.WEB_CLIENT_ID, FIRST_RELEASE_REDIRECT_URI, "openid profile")
				.signInAndConsent("upgrade", pkce, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);
			HttpResponse<String> tokens = http.postFormAsClient("/oauth2/token",
					CodeGrant.redemption(callback, pkce, FIRST_RELEASE_REDIRECT_URI), TestClients.WEB_CLIENT_ID,
					TestClients.WEB_CLIENT_SECRET);
			assertThat(tokens.statusCode()).as("the first release's user signs in to its web client").isEqualTo(200);
			assertThat(SignedJwts.claims(SignedJwts.verify((String) HttpExchange.json(tokens).get("id_token"), jwks))
				.getSubject()).isEqualTo(TestClients.DEMO_USER);
		}
	}

	private interface Restore {

		void into(Connection connection) throws Exception;

	}

	private static void restore(String url, String username, String password, Restore restore) {
		try (Connection connection = new DriverManagerDataSource(url, username, password).getConnection()) {
			restore.into(connection);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not restore the first release's database", ex);
		}
	}

	private static Properties firstReleaseAccessTokens() throws IOException {
		Properties tokens = new Properties();
		try (InputStream in = new ClassPathResource("first-release/access-tokens.properties").getInputStream()) {
			tokens.load(in);
		}
		return tokens;
	}

	/**
	 * As the first release ran: its key-encryption key, its declared client, the demo
	 * clients on the client demo's loopback address (development mode, as run.sh sets).
	 */
	private static Map<String, Object> properties(int port, String jdbcUrl) throws IOException {
		Path keyEncryptionKey = FreshServerInitializer.newDataDirectory().resolve("dev-key-encryption.key");
		try (InputStream in = new ClassPathResource("first-release/dev-key-encryption.key").getInputStream()) {
			Files.copy(in, keyEncryptionKey);
		}
		Map<String, Object> properties = StandaloneServers.properties(port, jdbcUrl, keyEncryptionKey);
		properties.put("authserver.demo.client-demo-url", "http://127.0.0.1:8080");
		properties.put("authserver.registration.allow-http-localhost", true);
		StandaloneServers.declareMachineClient(properties);
		return properties;
	}

}
