package dev.authserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.authserver.testsupport.PostgresClientTools;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backs up a server's database the way docs/backup-and-restore.md says (H2: the file,
 * copied while the server is stopped; PostgreSQL: {@code pg_dump} while it runs),
 * restores it into a new database and starts a server there with the same key-encryption
 * key: every client and user is there (a user created in the console signs in, the demo
 * clients authenticate), tokens issued before the backup still introspect and refresh,
 * and the same key signs.
 */
class BackupAndRestoreTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Test
	void h2FileCopiedWhileStoppedThenRestoredCopyServesEverything() throws Exception {
		Path original = FreshServerInitializer.newDataDirectory();
		Path keyEncryptionKey = FreshServerInitializer.newDataDirectory().resolve("dev-key-encryption.key");
		int port = FreshServerInitializer.freePort();
		Before before;
		try (ConfigurableApplicationContext server = StandaloneServers
			.start(properties(port, "jdbc:h2:file:" + original.resolve("authserver"), keyEncryptionKey))) {
			before = useServer("http://localhost:" + port);
		}
		Path restored = FreshServerInitializer.newDataDirectory();
		Files.copy(original.resolve("authserver.mv.db"), restored.resolve("authserver.mv.db"));

		int restoredPort = FreshServerInitializer.freePort();
		try (ConfigurableApplicationContext server = StandaloneServers
			.start(properties(restoredPort, "jdbc:h2:file:" + restored.resolve("authserver"), keyEncryptionKey))) {
			assertEverythingThere("http://localhost:" + restoredPort, before);
		}
	}

	@Test
	@ExtendWith(PostgresClientTools.Required.class)
	void postgresDumpedWhileRunningThenRestoredIntoNewDatabaseServesEverything() throws Exception {
		String original = PostgresDatabases.create(postgres);
		Path keyEncryptionKey = FreshServerInitializer.newDataDirectory().resolve("dev-key-encryption.key");
		Path dump = FreshServerInitializer.newDataDirectory().resolve("authserver.dump");
		int port = FreshServerInitializer.freePort();
		Before before;
		try (ConfigurableApplicationContext server = StandaloneServers
			.start(properties(port, original, keyEncryptionKey))) {
			before = useServer("http://localhost:" + port);
			run(PostgresClientTools.pgDump().orElseThrow().toString(), "--format=custom", "--file=" + dump,
					"--dbname=" + libpqUrl(original));
		}
		String restored = PostgresDatabases.create(postgres);
		run(PostgresClientTools.pgRestore().orElseThrow().toString(), "--no-owner", "--exit-on-error",
				"--dbname=" + libpqUrl(restored), dump.toString());

		int restoredPort = FreshServerInitializer.freePort();
		try (ConfigurableApplicationContext server = StandaloneServers
			.start(properties(restoredPort, restored, keyEncryptionKey))) {
			assertEverythingThere("http://localhost:" + restoredPort, before);
		}
	}

	/** What a server holds before its backup, to find again after the restore. */
	private record Before(String signingKid, String accessToken, String refreshToken, String username) {
	}

	private static Before useServer(String issuer) throws Exception {
		ConsoleSession admin = ConsoleSession.signInAsAdmin(issuer);
		String username = "backed-up-user";
		HttpResponse<String> created = admin.submitAndFollow(admin.browse("/admin/users/new"), "/admin/users",
				Map.of("username", username, "displayName", "Backed Up", "email", username + "@example.com", "password",
						TestUsers.PASSWORD, "roles", List.of("USER")));
		assertThat(ConsoleSession.requiredText(created, "notice")).isEqualTo("User created: they can sign in now.");
		HttpExchange http = HttpExchange.to(issuer);
		String accessToken = clientCredentialsToken(http);
		Map<String, Object> userTokens = signIn(issuer, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);
		return new Before(SignedJWT.parse(accessToken).getHeader().getKeyID(), accessToken,
				(String) userTokens.get("refresh_token"), username);
	}

	private static void assertEverythingThere(String issuer, Before before) throws Exception {
		HttpExchange http = HttpExchange.to(issuer);
		HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect",
				Map.of("token", before.accessToken()), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		assertThat(HttpExchange.json(introspection)).as("a token issued before the backup")
			.containsEntry("active", true);
		HttpResponse<String> refreshed = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", before.refreshToken()),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(refreshed.statusCode()).as("a refresh token issued before the backup").isEqualTo(200);
		assertThat(SignedJWT.parse(clientCredentialsToken(http)).getHeader().getKeyID())
			.as("the signing key, decrypted with the same key-encryption key")
			.isEqualTo(before.signingKid());
		assertThat(signIn(issuer, before.username(), TestUsers.PASSWORD)).as("the user created in the console")
			.containsKey("access_token");
		assertThat(ConsoleSession.canSignIn(issuer, TestClients.ADMIN, TestClients.ADMIN_PASSWORD)).isTrue();
	}

	private static Map<String, Object> signIn(String issuer, String username, String password) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(HttpExchange.to(issuer), TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid profile")
			.signInAndConsent("backup", pkce, username, password);
		HttpResponse<String> tokens = HttpExchange.to(issuer)
			.postFormAsClient("/oauth2/token", CodeGrant.redemption(callback, pkce, TestClients.WEB_REDIRECT_URI),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(tokens.statusCode()).isEqualTo(200);
		return HttpExchange.json(tokens);
	}

	private static String clientCredentialsToken(HttpExchange http) {
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(response).get("access_token");
	}

	private static Map<String, Object> properties(int port, String jdbcUrl, Path keyEncryptionKey) {
		Map<String, Object> properties = StandaloneServers.properties(port, jdbcUrl, keyEncryptionKey);
		properties.put("authserver.demo.admin-password", TestClients.ADMIN_PASSWORD);
		return properties;
	}

	/** {@code jdbc:postgresql://host:port/name?...} as the client programs take it. */
	private static String libpqUrl(String jdbcUrl) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		return "postgresql://postgres:postgres@" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
	}

	private static void run(String... command) throws Exception {
		List<String> arguments = new ArrayList<>(List.of(command));
		Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", arguments.subList(0, 1)) + ": " + output).isZero();
	}

}
