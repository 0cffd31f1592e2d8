package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.LogoutListener.Received;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the server and starts it again on the same database, on H2 in a file and on a
 * real PostgreSQL: clients, secrets, issued tokens, refresh tokens, the signing key and
 * the browser's login session must all survive. On each database, a code and a refresh
 * token redeemed by several requests at once then give tokens once (the race on H2 in
 * detail: {@link ParallelRedemptionTests}), and a request pushed before the restart gives
 * one code to several tabs that redeem it at once. A logout one server queued, the next
 * one delivers.
 */
class RestartPersistenceTests {

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
		Supplier<String> h2 = () -> "jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("authserver");
		Supplier<String> postgresql = () -> PostgresDatabases.create(postgres);
		return Stream.of(Arguments.of("H2 file", h2), Arguments.of("PostgreSQL", postgresql));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void restartWhenSameDatabaseThenClientsTokensAndSigningKeySurvive(String database, Supplier<String> jdbcUrl)
			throws Exception {
		int port = FreshServerInitializer.freePort();
		String issuer = "http://localhost:" + port;
		Map<String, Object> properties = StandaloneServers.properties(port, jdbcUrl.get(),
				FreshServerInitializer.newDataDirectory().resolve("dev-key-encryption.key"));

		String accessToken;
		Map<String, Object> userTokens;
		String kidBefore;
		Map<String, Object> codeBeforeRestart;
		String pushedBeforeRestart;
		HttpExchange browser = HttpExchange.to(issuer);
		try (ConfigurableApplicationContext first = StandaloneServers.start(properties)) {
			accessToken = clientCredentialsToken(browser);
			kidBefore = SignedJWT.parse(accessToken).getHeader().getKeyID();
			userTokens = signInAsWebClient(browser);
			codeBeforeRestart = codeExchange(HttpExchange.to(issuer), "openid email");
			pushedBeforeRestart = (String) HttpExchange.json(browser.postFormAsClient("/oauth2/par",
					Map.of("response_type", "code", "client_id", TestClients.WEB_CLIENT_ID, "redirect_uri",
							TestClients.WEB_REDIRECT_URI, "scope", "openid profile", "state", "pushed",
							"code_challenge", Pkce.generate().challenge(), "code_challenge_method", "S256"),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET))
				.get("request_uri");
		}

		try (ConfigurableApplicationContext second = StandaloneServers.start(properties)) {
			HttpExchange http = HttpExchange.to(issuer);
			String jwks = http.get("/oauth2/jwks").body();
			assertThat(JWKSet.parse(jwks).getKeyByKeyId(kidBefore)).as("signing key after restart").isNotNull();
			HttpResponse<String> redeemed = http.postFormAsClient("/oauth2/token", codeBeforeRestart,
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
			assertThat(redeemed.statusCode()).isEqualTo(200);
			JWTClaimsSet idToken = SignedJwts
				.claims(SignedJwts.verify((String) HttpExchange.json(redeemed).get("id_token"), jwks));
			// First, while the framework's session registry (in memory) knows no session
			// of the user.
			assertThat(idToken.getDateClaim("auth_time")).as("the sign-in time, from the authorization").isNotNull();
			assertThat(idToken.getStringClaim("acr")).isEqualTo("urn:dev-authserver:acr:password");
			SignedJwts.verify(accessToken, jwks);
			assertThat(SignedJWT.parse(clientCredentialsToken(http)).getHeader().getKeyID()).isEqualTo(kidBefore);

			HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect",
					Map.of("token", accessToken), TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
			assertThat(HttpExchange.json(introspection)).containsEntry("active", true);

			HttpResponse<String> refreshed = http.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "refresh_token", "refresh_token", userTokens.get("refresh_token")),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
			assertThat(refreshed.statusCode()).as("refresh token issued before the restart").isEqualTo(200);
			SignedJwts.verify((String) HttpExchange.json(refreshed).get("access_token"), jwks);

			ParallelTokenRequests.onlyOneSucceeds(issuer,
					Map.of("grant_type", "refresh_token", "refresh_token",
							HttpExchange.json(refreshed).get("refresh_token")),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
			ParallelTokenRequests.onlyOneSucceeds(issuer, codeExchange(HttpExchange.to(issuer), "openid message.read"),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
			// Pushed to the first server, redeemed on this one, by several tabs at once.
			String redemption = "/oauth2/authorize?client_id=" + TestClients.WEB_CLIENT_ID + "&request_uri="
					+ URLEncoder.encode(pushedBeforeRestart, StandardCharsets.UTF_8);
			ParallelTokenRequests.onlyOneRedemptionGetsACode(issuer, redemption, browser.cookieHeader());

			URI silent = HttpExchange.location(browser.browse(
					BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid profile")
						.with("prompt", "none")
						.with("max_age", "3600")
						.authorizationRequest("silent", Pkce.generate())));
			assertThat(HttpExchange.queryParameters(silent)).as("the session's sign-in time, kept in the database")
				.containsKey("code");

			HttpResponse<String> home = browser.browse("/");
			assertThat(home.statusCode()).as("the login session, kept in the database").isEqualTo(200);
			assertThat(home.body()).contains("id=\"signed-in-user\">" + TestClients.DEMO_USER);
		}
	}

	/**
	 * A back-channel logout queued by one server and not delivered before it stopped is
	 * delivered by the next one on the same database: the first never looks at its outbox
	 * (an interval of an hour), the second does every half second.
	 */
	@Test
	void restartWhenALogoutWasNotDeliveredYetThenTheNextServerDeliversIt() throws Exception {
		int port = FreshServerInitializer.freePort();
		String issuer = "http://localhost:" + port;
		Path dataDirectory = FreshServerInitializer.newDataDirectory();
		Map<String, Object> properties = StandaloneServers.properties(port,
				"jdbc:h2:file:" + dataDirectory.resolve("authserver"), dataDirectory.resolve("dev-key-encryption.key"));
		properties.put("authserver.registration.allow-http-localhost", true);
		try (LogoutListener listener = LogoutListener.start()) {
			String sid;
			String clientId;
			properties.put("authserver.sessions.logout-delivery.interval", "1h");
			try (ConfigurableApplicationContext first = StandaloneServers.start(properties)) {
				String initialAccessToken = first.getBean(JdbcInitialAccessTokenRepository.class)
					.create("restart", Set.of(), Set.of(), null, Instant.now().plus(Duration.ofHours(1)), "test",
							Instant.now());
				HttpResponse<String> registered = HttpExchange.to(issuer)
					.sendJson("POST", "/oauth2/register", """
							{"redirect_uris": ["https://rp.example/callback"], "scope": "openid",
							 "backchannel_logout_uri": "%s"}""".formatted(listener.uri()), "Authorization",
							"Bearer " + initialAccessToken);
				assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
				clientId = (String) HttpExchange.json(registered).get("client_id");
				HttpExchange browser = HttpExchange.to(issuer);
				Map<String, Object> tokens = SignInSessionTests.signIn(browser, issuer, TestClients.DEMO_USER,
						TestClients.DEMO_USER_PASSWORD, clientId,
						(String) HttpExchange.json(registered).get("client_secret"), "https://rp.example/callback",
						"openid");
				sid = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("sid");
				BackChannelLogoutTests.signOut(browser);
			}
			assertThat(listener.received()).as("before the restart").isEmpty();

			properties.put("authserver.sessions.logout-delivery.interval", "500ms");
			try (ConfigurableApplicationContext second = StandaloneServers.start(properties)) {
				Received received = Awaitility.await()
					.atMost(Duration.ofSeconds(20))
					.until(listener::received, (all) -> !all.isEmpty())
					.get(0);
				JWTClaimsSet claims = SignedJwts
					.verify(received.logoutToken(), HttpExchange.to(issuer).get("/oauth2/jwks").body())
					.getJWTClaimsSet();
				assertThat(claims.getAudience()).containsExactly(clientId);
				assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
			}
		}
	}

	private static String clientCredentialsToken(HttpExchange http) {
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(response).get("access_token");
	}

	private static Map<String, Object> signInAsWebClient(HttpExchange http) {
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token", codeExchange(http, "openid profile"),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	/**
	 * The demo user signs in and consents to scopes not granted yet; the web client's
	 * request for tokens with the code.
	 */
	private static Map<String, Object> codeExchange(HttpExchange browser, String scope) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, scope)
			.signInAndConsent("restart", pkce, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);
		return Map.of("grant_type", "authorization_code", "code", HttpExchange.queryParameters(callback).get("code"),
				"redirect_uri", TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier());
	}

}
