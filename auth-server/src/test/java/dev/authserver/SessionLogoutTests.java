package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every way a session ends (RP-initiated logout, the sign-out form, an admin in the
 * console, the user on the account page) ends it everywhere: the session row goes, the
 * refresh tokens issued in it are refused, and those of the user's other sessions keep
 * working.
 */
@AuthServerTest
class SessionLogoutTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void signOutWhenUserSignsOutAtTheFormThenRefreshTokensOfThatSessionAreRefusedAndOthersStay() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = SignInSessionTests.signIn(browser, this.issuer, this.username);
		HttpExchange otherBrowser = HttpExchange.to(this.issuer);
		Map<String, Object> otherTokens = SignInSessionTests.signIn(otherBrowser, this.issuer, this.username);

		HttpResponse<String> home = browser.browse("/");
		HttpResponse<String> signOut = browser.postForm("/logout", Map.of("_csrf", HttpExchange.csrfToken(home)));

		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(signOut).getPath()).isEqualTo("/login");
		assertThat(refresh(tokens).statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refresh(tokens))).containsEntry("error", "invalid_grant");
		assertThat(refresh(otherTokens).statusCode()).as("the other session's refresh token").isEqualTo(200);
		assertThat(otherBrowser.browse("/").statusCode()).isEqualTo(200);
		assertThat(sessionClientRows(tokens)).isZero();
		assertThat(sessionClientRows(otherTokens)).isOne();
	}

	@Test
	void rpInitiatedLogoutWhenClientEndsTheSessionThenItsRefreshTokenIsRefusedAndTheSessionRowIsGone() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = SignInSessionTests.signIn(browser, this.issuer, this.username);

		HttpResponse<String> logout = browser.browse(UriComponentsBuilder.fromPath("/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token"))
			.build()
			.toUriString());

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.json(refresh(tokens))).containsEntry("error", "invalid_grant");
		assertThat(this.jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
			.param(this.username)
			.query(Integer.class)
			.single()).isZero();
		assertThat(sessionClientRows(tokens)).isZero();
	}

	@Test
	void rpInitiatedLogoutWhenTheBrowserSessionIsAlreadyGoneThenTheIdTokensSessionStillLosesItsRefreshTokens() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = SignInSessionTests.signIn(browser, this.issuer, this.username);

		HttpResponse<String> logout = HttpExchange.to(this.issuer)
			.browse(UriComponentsBuilder.fromPath("/connect/logout")
				.queryParam("id_token_hint", tokens.get("id_token"))
				.build()
				.toUriString());

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.json(refresh(tokens))).containsEntry("error", "invalid_grant");
		assertThat(browser.browse("/").statusCode()).as("the session the ID token names").isEqualTo(302);
	}

	@Test
	void consoleWhenAnAdminEndsOneOfTheUsersSessionsThenItListedItsClientsAndOnlyThatOneEnds() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = SignInSessionTests.signIn(browser, this.issuer, this.username);
		HttpExchange otherBrowser = HttpExchange.to(this.issuer);
		Map<String, Object> otherTokens = SignInSessionTests.signIn(otherBrowser, this.issuer, this.username);
		String sid = sid(tokens);
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);

		HttpResponse<String> page = admin.browse("/admin/users/" + this.username + "/sessions");

		assertThat(page.statusCode()).isEqualTo(200);
		int rows = HtmlDocuments.read(page, (html) -> html.getElementById("sessions").getByXPath("tbody/tr").size());
		assertThat(rows).isEqualTo(2);
		String row = ConsoleSession.requiredText(page, "session-" + sid);
		assertThat(row).contains(TestClients.WEB_CLIENT_ID).contains("127.0.0.1");
		HttpResponse<String> ended = admin.submitAndFollow(page,
				"/admin/users/" + this.username + "/sessions/" + sid + "/end", Map.of());
		assertThat(ConsoleSession.requiredText(ended, "notice")).startsWith("Ended 1 session");
		assertThat(HttpExchange.json(refresh(tokens))).containsEntry("error", "invalid_grant");
		assertThat(browser.browse("/").statusCode()).isEqualTo(302);
		assertThat(refresh(otherTokens).statusCode()).isEqualTo(200);
		assertThat(otherBrowser.browse("/").statusCode()).isEqualTo(200);
	}

	@Test
	void accountWhenTheUserSignsOutEverywhereElseThenTheOtherSessionEndsAndThisOneStays() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = SignInSessionTests.signIn(browser, this.issuer, this.username);
		HttpExchange otherBrowser = HttpExchange.to(this.issuer);
		Map<String, Object> otherTokens = SignInSessionTests.signIn(otherBrowser, this.issuer, this.username);

		HttpResponse<String> page = browser.browse("/account/sessions");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.text(page, "current-" + sid(tokens))).hasValue("this browser");
		assertThat(HtmlDocuments.text(page, "session-" + sid(otherTokens))).isPresent();
		HttpResponse<String> ended = browser.postForm("/account/sessions/end-others",
				Map.of("_csrf", HttpExchange.csrfToken(page)));

		assertThat(ended.statusCode()).isEqualTo(302);
		assertThat(otherBrowser.browse("/").statusCode()).isEqualTo(302);
		assertThat(HttpExchange.json(refresh(otherTokens))).containsEntry("error", "invalid_grant");
		assertThat(browser.browse("/").statusCode()).isEqualTo(200);
		assertThat(refresh(tokens).statusCode()).isEqualTo(200);
	}

	/**
	 * Outside development mode the logout POST follows the egress rules of a
	 * {@code jwks_uri} fetch: a private address is never connected to.
	 */
	@Test
	void backChannelLogoutWhenTheUriIsAPrivateAddressThenTheEgressRulesRefuseItAndTheFailureIsAudited() {
		String initialAccessToken = this.initialAccessTokens.create("egress", Set.of(), Set.of(), null,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
		HttpResponse<String> registered = HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", """
					{"redirect_uris": ["https://rp.example/callback"], "scope": "openid",
					 "backchannel_logout_uri": "https://10.0.0.1/logout"}""", "Authorization",
					"Bearer " + initialAccessToken);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(registered);
		HttpExchange browser = HttpExchange.to(this.issuer);
		SignInSessionTests.signIn(browser, this.issuer, this.username, TestUsers.PASSWORD,
				(String) client.get("client_id"), (String) client.get("client_secret"), "https://rp.example/callback",
				"openid");

		BackChannelLogoutTests.signOut(browser);

		String detail = Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc
				.sql("SELECT detail FROM audit_event WHERE type = 'LOGOUT_DELIVERY_FAILED' AND client_id = ?")
				.param(client.get("client_id"))
				.query(String.class)
				.optional(), Optional::isPresent)
			.orElseThrow();
		assertThat(detail).contains("attempt=1").contains("error=UnknownHostException");
	}

	private HttpResponse<String> refresh(Map<String, Object> tokens) {
		return CodeGrant
			.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI)
			.refresh(tokens.get("refresh_token"));
	}

	private int sessionClientRows(Map<String, Object> tokens) {
		return this.jdbc.sql("SELECT count(*) FROM session_client WHERE sid = ?")
			.param(sid(tokens))
			.query(Integer.class)
			.single();
	}

	private static String sid(Map<String, Object> tokens) {
		try {
			return SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("sid");
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

}
