package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import dev.authserver.keys.SigningKeyRing;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The main flows with every logger at DEBUG, as an operator chasing a problem would set
 * them: no client secret, password, authorization code, token, registration or initial
 * access token, key-encryption key or private key may appear in the log. Loggers that
 * would print one are pinned to INFO in {@code application.yml}.
 * <p>
 * A server of its own, closed afterwards: it logs everything, from start-up on. Only the
 * test's own HTTP client (the JDK's, in the same JVM) stays quiet.
 */
@AuthServerTest
@TestPropertySource(properties = { "logging.level.root=DEBUG", "logging.level.org.springframework.security=DEBUG",
		"logging.level.dev.authserver=DEBUG", "logging.level.jdk.internal.httpclient=INFO" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class SecretsInLogsTests {

	private static final String WRONG_PASSWORD = "mistyped-test-password";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Value("${authserver.keys.dev-encryption-key-file}")
	Path keyEncryptionKeyFile;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	@Autowired
	SigningKeyRing signingKeys;

	/**
	 * Back to the levels the other test servers log at, which share this JVM's logging
	 * system.
	 */
	@AfterAll
	static void restoreLogLevels() {
		LoggingSystem logging = LoggingSystem.get(SecretsInLogsTests.class.getClassLoader());
		logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
		logging.setLogLevel("org.springframework.security", LogLevel.INFO);
		logging.setLogLevel("dev.authserver", null);
	}

	@Test
	void mainFlowsWithDebugLoggingLogNoSecret(CapturedOutput output) throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("demo-web client secret", TestClients.WEB_CLIENT_SECRET);
		secrets.put("demo-m2m client secret", TestClients.MACHINE_CLIENT_SECRET);
		secrets.put("declared client secret", TestClients.DECLARED_CLIENT_SECRET);
		secrets.put("demo-web Basic credentials",
				basicCredentials(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
		secrets.put("demo-m2m Basic credentials",
				basicCredentials(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));
		secrets.put("demo user password", TestClients.DEMO_USER_PASSWORD);
		secrets.put("admin password", TestClients.ADMIN_PASSWORD);
		secrets.put("configured user password", TestClients.CONFIGURED_USER_PASSWORD);
		secrets.put("test user password", TestUsers.PASSWORD);
		secrets.put("mistyped password", WRONG_PASSWORD);
		secrets.put("key-encryption key",
				Files.readString(this.keyEncryptionKeyFile, StandardCharsets.US_ASCII).trim());
		RSAKey signingKey = activeSigningKey();
		secrets.put("private signing key (PKCS#8)",
				Base64.getEncoder().encodeToString(signingKey.toPrivateKey().getEncoded()));
		secrets.put("private signing key (JWK d)", signingKey.getPrivateExponent().toString());
		HttpExchange http = HttpExchange.to(this.issuer);

		HttpResponse<String> clientCredentials = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		assertThat(clientCredentials.statusCode()).isEqualTo(200);
		secrets.put("client credentials access token",
				(String) HttpExchange.json(clientCredentials).get("access_token"));

		String username = this.users.create();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, WRONG_PASSWORD)).isFalse();
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid profile email message.read")
			.signInAndConsent("logs", pkce, username, TestUsers.PASSWORD);
		String code = HttpExchange.queryParameters(callback).get("code");
		secrets.put("authorization code", code);
		secrets.put("PKCE code verifier", pkce.verifier());
		String sessionCookie = browser.cookieHeader().replaceFirst("^.*SESSION=([^;]+).*$", "$1");
		secrets.put("session cookie", sessionCookie);
		secrets.put("session id", new String(Base64.getDecoder().decode(sessionCookie), StandardCharsets.US_ASCII));
		HttpResponse<String> exchange = http.postFormAsClient(
				"/oauth2/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
						TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier()),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(exchange.statusCode()).isEqualTo(200);
		Map<String, Object> tokens = HttpExchange.json(exchange);
		secrets.put("access token", (String) tokens.get("access_token"));
		secrets.put("refresh token", (String) tokens.get("refresh_token"));
		secrets.put("ID token", (String) tokens.get("id_token"));
		assertThat(http.get("/userinfo", "Authorization", "Bearer " + tokens.get("access_token")).statusCode())
			.isEqualTo(200);

		HttpResponse<String> refresh = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(refresh.statusCode()).isEqualTo(200);
		Map<String, Object> refreshed = HttpExchange.json(refresh);
		secrets.put("refreshed access token", (String) refreshed.get("access_token"));
		secrets.put("rotated refresh token", (String) refreshed.get("refresh_token"));

		HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect",
				Map.of("token", refreshed.get("access_token")), TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET);
		assertThat(HttpExchange.json(introspection)).containsEntry("active", true);
		HttpResponse<String> revocation = http.postFormAsClient("/oauth2/revoke",
				Map.of("token", refreshed.get("refresh_token"), "token_type_hint", "refresh_token"),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(revocation.statusCode()).isEqualTo(200);

		String initialAccessToken = this.initialAccessTokens.create("logs", Set.of(), Set.of(), 1,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
		secrets.put("initial access token", initialAccessToken);
		HttpResponse<String> registration = http.sendJson("POST", "/oauth2/register",
				"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}", "Authorization",
				"Bearer " + initialAccessToken);
		assertThat(registration.statusCode()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(registration);
		secrets.put("registered client secret", (String) client.get("client_secret"));
		secrets.put("registration access token", (String) client.get("registration_access_token"));
		HttpResponse<String> read = http.get((String) client.get("registration_client_uri"), "Authorization",
				"Bearer " + client.get("registration_access_token"));
		assertThat(read.statusCode()).isEqualTo(200);
		secrets.put("renewed registration access token",
				(String) HttpExchange.json(read).get("registration_access_token"));
		HttpResponse<String> registeredClientToken = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials"), (String) client.get("client_id"),
				(String) client.get("client_secret"));
		assertThat(registeredClientToken.statusCode()).isEqualTo(200);

		// Tomcat refuses a header line that breaks RFC 9112 before the application sees
		// it, and logs why.
		RawHttp.Response malformedCredentials = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token",
					List.of("Authorization: Basic "
							+ basicCredentials(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET) + "\u0001"),
					null);
		assertThat(malformedCredentials.status()).isEqualTo(400);

		ConsoleSession console = ConsoleSession.signInAsAdmin(this.issuer);
		assertThat(console.browse("/admin/clients").statusCode()).isEqualTo(200);
		assertThat(console.browse("/admin/audit").statusCode()).isEqualTo(200);

		assertThat(secrets.values()).allSatisfy((secret) -> assertThat(secret).hasSizeGreaterThan(8));
		assertThat(leaked(output.getAll(), secrets)).isEmpty();
	}

	private RSAKey activeSigningKey() {
		return (RSAKey) this.signingKeys
			.get(new JWKSelector(new JWKMatcher.Builder().keyID(this.signingKeys.activeKid()).build()), null)
			.get(0);
	}

	/** Each secret found, by name, with the start of the first line it is on. */
	private static List<String> leaked(String log, Map<String, String> secrets) {
		return secrets.entrySet().stream().filter((secret) -> log.contains(secret.getValue())).map((secret) -> {
			int at = log.indexOf(secret.getValue());
			int lineStart = log.lastIndexOf('\n', at) + 1;
			return secret.getKey() + " in: " + log.substring(lineStart, Math.min(log.length(), lineStart + 200));
		}).toList();
	}

	private static String basicCredentials(String clientId, String secret) {
		return Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

}
