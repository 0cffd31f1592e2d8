package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A code or refresh token is redeemed once, even by requests that arrive together: one
 * gets tokens, the others {@code invalid_grant}, and the grant is then treated as used
 * twice, as it would be one request after the other. PostgreSQL's side of the race is in
 * {@link RestartPersistenceTests}.
 */
@AuthServerTest
class ParallelRedemptionTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@RepeatedTest(5)
	void codeWhenRedeemedBySixRequestsAtOnceThenOneGetsTokensAndTheyAreRevokedAsForAReusedCode() throws Exception {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(HttpExchange.to(this.issuer), TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
					"openid message.read")
			.signInAndConsent("race", pkce, this.username, TestUsers.PASSWORD);
		Map<String, Object> form = Map.of("grant_type", "authorization_code", "code",
				HttpExchange.queryParameters(callback).get("code"), "redirect_uri", TestClients.WEB_REDIRECT_URI,
				"code_verifier", pkce.verifier());

		Map<String, Object> winner = ParallelTokenRequests.onlyOneSucceeds(this.issuer, form, TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET);

		Map<String, Object> stored = this.jdbc.sql("""
				SELECT authorization_code_metadata, access_token_value, refresh_token_value
				FROM oauth2_authorization WHERE principal_name = ?""").param(this.username).query().singleRow();
		assertThat((String) stored.get("authorization_code_metadata")).contains("\"metadata.token.invalidated\":true");
		assertThat(stored).as("the tokens of the one request that got them")
			.containsEntry("access_token_value", ParallelTokenRequests.storedHash(winner.get("access_token")))
			.containsEntry("refresh_token_value", ParallelTokenRequests.storedHash(winner.get("refresh_token")));
		CodeGrant grant = CodeGrant.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
		assertThat(grant.introspect(winner.get("access_token"))).containsEntry("active", false);
		HttpResponse<String> refresh = grant.refresh(winner.get("refresh_token"));
		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refresh)).containsEntry("error", "invalid_grant");
	}

	@RepeatedTest(5)
	void refreshTokenWhenPresentedBySixRequestsAtOnceThenOneGetsTokensAndTheGrantIsRevokedAsForReuse()
			throws Exception {
		CodeGrant grant = CodeGrant.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
		Map<String, Object> tokens = grant.tokens("openid message.read", this.username, TestUsers.PASSWORD);

		Map<String, Object> winner = ParallelTokenRequests.onlyOneSucceeds(this.issuer,
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE principal_name = ?")
			.param(this.username)
			.query(Long.class)
			.single()).as("the grant, revoked").isZero();
		// The audit log is written in batches, after the answers.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.jdbc
				.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'REFRESH_REUSE_DETECTED' AND actor = ?")
				.param(this.username)
				.query(Long.class)
				.single()).isPositive());
		assertThat(grant.introspect(winner.get("access_token"))).containsEntry("active", false);
		HttpResponse<String> refresh = grant.refresh(winner.get("refresh_token"));
		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refresh)).containsEntry("error", "invalid_grant");
	}

}
