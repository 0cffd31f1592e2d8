package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A user's "connected apps" page: the apps they consented to, and taking a consent back,
 * which also ends the app's refresh tokens and is recorded in the audit log.
 */
@AuthServerTest
class ConnectedAppsTests {

	private static final String USER_PASSWORD = TestUsers.PASSWORD;

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

	@Test
	void connectedAppWhenRemovedThenItsRefreshTokenFailsAndItMustAskForConsentAgain() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		String refreshToken = signInAndConsent(browser);

		HttpResponse<String> apps = browser.browse("/account/apps");
		assertThat(apps.statusCode()).isEqualTo(200);
		assertThat(apps.body()).contains("id=\"app-" + TestClients.WEB_CLIENT_ID + "\"")
			.contains("message.read openid profile");

		HttpResponse<String> removed = browser.postForm("/account/apps/" + TestClients.WEB_CLIENT_ID + "/revocation",
				Map.of("_csrf", HttpExchange.csrfToken(apps)));
		assertThat(removed.statusCode()).isEqualTo(302);
		HttpResponse<String> after = browser.follow(removed);

		assertThat(ConsoleSession.requiredText(after, "notice")).startsWith("Access of demo-web removed");
		assertThat(after.body()).contains("id=\"no-apps\"");
		HttpResponse<String> refresh = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refresh).get("error")).isEqualTo("invalid_grant");
		HttpResponse<String> authorizeAgain = browser.browse(BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid profile message.read")
			.authorizationRequest("again", Pkce.generate()));
		assertThat(HttpExchange.location(authorizeAgain).getPath()).as("the consent page again, not the client")
			.isEqualTo("/oauth2/consent");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT type FROM audit_event WHERE actor = ? AND client_id = ? ORDER BY id")
				.param(this.username)
				.param(TestClients.WEB_CLIENT_ID)
				.query(String.class)
				.list()
				.containsAll(Set.of("CONSENT_GRANTED", "TOKEN_ISSUED", "CONSENT_REVOKED")));
	}

	@Test
	void connectedAppWhenTheUserNeverConsentedThenNothingChanges() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser);
		HttpResponse<String> apps = browser.browse("/account/apps");

		HttpResponse<String> answer = browser.follow(
				browser.postForm("/account/apps/demo-m2m/revocation", Map.of("_csrf", HttpExchange.csrfToken(apps))));

		assertThat(ConsoleSession.requiredText(answer, "notice")).isEqualTo("You had not connected demo-m2m.");
		assertThat(answer.body()).contains("id=\"app-" + TestClients.WEB_CLIENT_ID + "\"");
	}

	private String signInAndConsent(HttpExchange browser) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid profile message.read")
			.signInAndConsent("state", pkce, this.username, USER_PASSWORD);
		HttpResponse<String> tokens = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "authorization_code", "code",
							HttpExchange.queryParameters(callback).get("code"), "redirect_uri",
							TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier()),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(tokens.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(tokens).get("refresh_token");
	}

}
