package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.assertj.core.api.InstanceOfAssertFactories;
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
	 * The ID token names the session its code was granted in, not the one the user used
	 * last: ending it from the browser that signed in must not end the other browser's.
	 */
	@Test
	void rpInitiatedLogoutWhenTheCodeWasRedeemedAfterTheUsersOtherBrowserWasUsedThenOnlyTheGrantingBrowserSignsOut() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		SignInSessionTests.signIn(browser, this.issuer, this.username);
		HttpExchange otherBrowser = HttpExchange.to(this.issuer);
		Map<String, Object> otherTokens = SignInSessionTests.signIn(otherBrowser, this.issuer, this.username);
		Pkce pkce = Pkce.generate();
		URI callback = HttpExchange.location(browser.browse(BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid message.read")
			.authorizationRequest("later", pkce)));
		assertThat(otherBrowser.browse("/").statusCode()).as("the other browser, used last").isEqualTo(200);
		Map<String, Object> tokens = SignInSessionTests.redeem(this.issuer, callback, pkce);

		HttpResponse<String> logout = browser.browse(UriComponentsBuilder.fromPath("/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token"))
			.build()
			.toUriString());

		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(302);
		assertThat(browser.browse("/").statusCode()).as("the browser that got the code, signed out").isEqualTo(302);
		assertThat(HttpExchange.json(refresh(tokens))).containsEntry("error", "invalid_grant");
		assertThat(otherBrowser.browse("/").statusCode()).as("the other browser, still signed in").isEqualTo(200);
		assertThat(refresh(otherTokens).statusCode()).isEqualTo(200);
	}

	/**
	 * Signing in again ({@code prompt=login}) gives the session a new id and so a new
	 * {@code sid}; the clients of the first sign-in move with it.
	 */
	@Test
	void signOutWhenTheUserSignedInAgainForPromptLoginThenTheClientsOfTheFirstSignInLoseTheirTokensToo() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> first = SignInSessionTests.signIn(browser, this.issuer, this.username);
		Pkce pkce = Pkce.generate();
		HttpResponse<String> back = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid message.read")
			.with("prompt", "login")
			.signIn("again", pkce, this.username, TestUsers.PASSWORD);
		Map<String, Object> again = SignInSessionTests.redeem(this.issuer, HttpExchange.location(browser.follow(back)),
				pkce);
		assertThat(sid(again)).as("a new session id").isNotEqualTo(sid(first));
		assertThat(sessionClientRows(again)).as("both grants, under the new sid").isEqualTo(2);

		BackChannelLogoutTests.signOut(browser);

		assertThat(HttpExchange.json(refresh(first))).containsEntry("error", "invalid_grant");
		assertThat(HttpExchange.json(refresh(again))).containsEntry("error", "invalid_grant");
	}

	@Test
	void signInWhenAnotherUserSignsInOnTheSameBrowserThenTheFirstUsersSessionEndsEverywhere() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = SignInSessionTests.signIn(browser, this.issuer, this.username);
		String other = this.users.create();

		BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid message.read")
			.with("prompt", "login")
			.signIn("switch", Pkce.generate(), other, TestUsers.PASSWORD);

		assertThat(HttpExchange.json(refresh(tokens))).containsEntry("error", "invalid_grant");
		assertThat(sessionClientRows(tokens)).isZero();
		assertThat(this.jdbc.sql("SELECT detail FROM audit_event WHERE type = 'SESSION_ENDED' AND actor = ?")
			.param(this.username)
			.query(String.class)
			.list()).singleElement(InstanceOfAssertFactories.STRING).startsWith("reason=replaced ");
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
