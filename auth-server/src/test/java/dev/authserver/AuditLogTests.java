package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log as an operator sees it: the events in the {@code audit_event} table, with
 * who, which client, from where and the outcome, never a secret; and the console's page
 * that filters them.
 */
@AuthServerTest
class AuditLogTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcClient jdbc;

	record Row(String type, String outcome, String actor, String clientId, String address, String detail) {
	}

	/**
	 * Events are written by a background writer within moments: waits until the expected
	 * rows are there.
	 */
	private List<Row> awaitEvents(String sql, Object... parameters) {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			JdbcClient.StatementSpec statement = this.jdbc
				.sql("SELECT type, outcome, actor, client_id, address, detail FROM audit_event WHERE " + sql);
			for (Object parameter : parameters) {
				statement = statement.param(parameter);
			}
			return statement.query(Row.class).list();
		}, (rows) -> !rows.isEmpty());
	}

	@Test
	void signInWhenPasswordIsWrongThenFailureIsRecordedWithoutThePassword() {
		String wrongPassword = "wrong-" + UUID.randomUUID();
		assertThat(ConsoleSession.canSignIn(this.issuer, TestClients.DEMO_USER, wrongPassword)).isFalse();

		List<Row> failures = awaitEvents("type = 'LOGIN' AND outcome = 'FAILURE' AND actor = ?", TestClients.DEMO_USER);

		assertThat(failures).anySatisfy((row) -> {
			assertThat(row.detail()).isEqualTo("BadCredentialsException");
			assertThat(row.address()).isEqualTo("127.0.0.1");
		});
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ? OR actor LIKE ?")
			.param("%" + wrongPassword + "%")
			.param("%" + wrongPassword + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void signInWhenBehindAProxyThenTheCallersAddressIsRecorded() {
		String username = "proxied-" + UUID.randomUUID();
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");

		browser.postForm("/login",
				Map.of("username", username, "password", "wrong", "_csrf", HttpExchange.csrfToken(loginPage)),
				"X-Forwarded-For", "203.0.113.7");

		assertThat(awaitEvents("type = 'LOGIN' AND actor = ?", username)).singleElement()
			.satisfies((row) -> assertThat(row.address()).isEqualTo("203.0.113.7"));
	}

	/**
	 * A proxy passes whatever the caller wrote in {@code X-Forwarded-For} and Tomcat
	 * takes it as the address: an overlong one must not cost the event (nor the others
	 * written with it).
	 */
	@Test
	void signInWhenTheForwardedAddressIsOverlongThenTheEventIsRecordedWithItCut() {
		String username = "overlong-" + UUID.randomUUID();
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");

		browser.postForm("/login",
				Map.of("username", username, "password", "wrong", "_csrf", HttpExchange.csrfToken(loginPage)),
				"X-Forwarded-For", "2001:db8::" + "a".repeat(100));

		assertThat(awaitEvents("type = 'LOGIN' AND actor = ?", username)).singleElement()
			.satisfies((row) -> assertThat(row.address()).hasSize(64).startsWith("2001:db8::a"));
	}

	@Test
	void signInWhenSuccessfulThenRecordedOnce() {
		String username = TestClients.CONFIGURED_USER;
		long before = countOf("LOGIN", "SUCCESS", username);

		ConsoleSession.signIn(this.issuer, username, TestClients.CONFIGURED_USER_PASSWORD);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> countOf("LOGIN", "SUCCESS", username) > before);
		assertThat(countOf("LOGIN", "SUCCESS", username)).as("one sign-in, one event").isEqualTo(before + 1);
	}

	@Test
	void tokenWhenIssuedAndRevokedThenBothRecordedWithTheClientAndNeverTheToken() {
		HttpExchange http = HttpExchange.to(this.issuer);
		String accessToken = (String) HttpExchange.json(http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET))
			.get("access_token");
		String jti = SignedJwts.claims(SignedJwts.verify(accessToken, http.get("/oauth2/jwks").body())).getJWTID();
		http.postFormAsClient("/oauth2/revoke", Map.of("token", accessToken), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);

		List<Row> issued = awaitEvents("type = 'TOKEN_ISSUED' AND detail LIKE ?", "%jti=" + jti);
		List<Row> revoked = awaitEvents("type = 'TOKEN_REVOKED' AND client_id = ?", TestClients.MACHINE_CLIENT_ID);

		assertThat(issued).singleElement()
			.isEqualTo(new Row("TOKEN_ISSUED", "SUCCESS", TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_ID,
					"127.0.0.1", "grant_type=client_credentials jti=" + jti));
		assertThat(revoked).isNotEmpty();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?")
			.param("%" + accessToken.substring(accessToken.lastIndexOf('.') + 1) + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void clientAuthenticationWhenSecretIsWrongThenFailureIsRecorded() {
		HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"),
					TestClients.DECLARED_CLIENT_ID, "not-the-secret");

		assertThat(awaitEvents("type = 'CLIENT_AUTHENTICATION' AND client_id = ?", TestClients.DECLARED_CLIENT_ID))
			.allSatisfy((row) -> assertThat(row.outcome()).isEqualTo("FAILURE"));
	}

	@Test
	void keyWhenAnAdminRequestsARotationAndRevokesTheNextKeyThenBothAreRecorded() throws Exception {
		HttpExchange http = HttpExchange.to(this.issuer);
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((TestClients.ADMIN + ":" + TestClients.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> rotation = http.postForm("/admin/api/keys/rotation", Map.of(), "Authorization", basic);
		assertThat(rotation.statusCode()).isEqualTo(202);
		String nextKid = (String) HttpExchange.json(rotation).get("kid");

		// The next key, which signs nothing yet: revoking it leaves the other tests'
		// tokens alone.
		HttpResponse<String> revocation = http.postForm("/admin/api/keys/" + nextKid + "/revocation", Map.of(),
				"Authorization", basic);

		assertThat(revocation.statusCode()).isEqualTo(200);
		assertThat(awaitEvents("type = 'ADMIN_ACTION' AND detail = 'POST /admin/api/keys/rotation'"))
			.anySatisfy((row) -> assertThat(row.actor()).isEqualTo(TestClients.ADMIN));
		assertThat(awaitEvents("type = 'KEY_REVOKED' AND detail = ?", "kid=" + nextKid)).singleElement()
			.satisfies((row) -> assertThat(row.actor()).isEqualTo(TestClients.ADMIN));
	}

	@Test
	void signOutWhenRequestedThenRecorded() {
		ConsoleSession session = ConsoleSession.signIn(this.issuer, TestClients.CONFIGURED_USER,
				TestClients.CONFIGURED_USER_PASSWORD);
		long before = countOf("LOGOUT", "SUCCESS", TestClients.CONFIGURED_USER);

		HttpResponse<String> signedOut = session.submit(session.browse("/"), "/logout", Map.of());

		assertThat(signedOut.statusCode()).isEqualTo(302);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> countOf("LOGOUT", "SUCCESS", TestClients.CONFIGURED_USER) == before + 1);
	}

	@Test
	void consolePageWhenFilteredByTypeAndUserThenShowsOnlyThoseEvents() {
		ConsoleSession.canSignIn(this.issuer, TestClients.DEMO_USER, "wrong-password");
		awaitEvents("type = 'LOGIN' AND actor = ?", TestClients.DEMO_USER);
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		String today = LocalDate.now(ZoneOffset.UTC).toString();

		HttpResponse<String> page = admin
			.browse("/admin/audit?type=LOGIN&user=" + TestClients.DEMO_USER + "&from=" + today + "&to=" + today);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<td class=\"actor\">demo</td>")
			.contains("BadCredentialsException")
			.doesNotContain("<td class=\"type\">TOKEN_ISSUED</td>")
			.doesNotContain("<td class=\"actor\">admin</td>");
	}

	@Test
	void consolePageWhenADateIsUnreadableThenSaysSoNextToTheField() {
		HttpResponse<String> page = ConsoleSession.signInAsAdmin(this.issuer)
			.browse("/admin/audit?from=yesterday&page=-3");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "from-error")).isEqualTo("a date such as 2026-01-31");
	}

	private long countOf(String type, String outcome, String actor) {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND outcome = ? AND actor = ?")
			.param(type)
			.param(outcome)
			.param(actor)
			.query(Long.class)
			.single();
	}

}
