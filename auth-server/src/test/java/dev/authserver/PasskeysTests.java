package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.users.JdbcUserAccountRepository;
import org.awaitility.Awaitility;
import org.htmlunit.html.DomElement;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Passkeys over real HTTP against the real relying party: registered on the account page
 * with {@link SoftwareAuthenticator}'s signed answers, used to sign in through the
 * authorization code flow (the ID token says {@code amr} {@code hwk}, {@code user} and
 * {@code acr} {@code phr}), renamed, removed (the user's other sessions end), and seen
 * and removed by an admin; each change in the audit log, no answer a 500.
 */
@AuthServerTest
class PasskeysTests {

	private static final String CSRF_HEADER = "X-CSRF-TOKEN";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Autowired
	JdbcClient jdbc;

	@Test
	void signInWithAPasskeyAloneThenTheIdTokenSaysHardwareKeyUserVerifiedAndPhishingResistant() throws Exception {
		String username = this.users.create();
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(signedIn(username), authenticator, "Laptop");

		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		BrowserSignIn flow = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				"openid profile");
		HttpResponse<String> toLogin = browser.browse(flow.authorizationRequest("passkey", pkce));
		HttpResponse<String> loginPage = browser.follow(toLogin);
		String sessionBefore = browser.cookieHeader();
		HttpResponse<String> signedIn = signInWithPasskey(browser, loginPage, authenticator, true);

		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
		Map<String, Object> answer = HttpExchange.json(signedIn);
		assertThat(answer).containsEntry("authenticated", true);
		assertThat((String) answer.get("redirectUrl")).as("a path of this server, as the password form's redirect")
			.startsWith("/oauth2/authorize?");
		assertThat(browser.cookieHeader()).as("a new session id after the sign-in").isNotEqualTo(sessionBefore);
		HttpResponse<String> toConsent = browser.browse((String) answer.get("redirectUrl"));
		HttpResponse<String> consentPage = browser.follow(toConsent);
		URI callback = HttpExchange.location(flow.submitConsent(consentPage, true));
		HttpResponse<String> tokens = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", CodeGrant.redemption(callback, pkce, TestClients.WEB_REDIRECT_URI),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		String jwks = HttpExchange.to(this.issuer).get("/oauth2/jwks").body();
		JWTClaimsSet idToken = SignedJwts
			.claims(SignedJwts.verify((String) HttpExchange.json(tokens).get("id_token"), jwks));
		assertThat(idToken.getSubject()).isEqualTo(username);
		assertThat(idToken.getStringListClaim("amr")).containsExactly("hwk", "user");
		assertThat(idToken.getStringClaim("acr")).isEqualTo("phr");
		List<Object> advertised = HttpExchange
			.json(HttpExchange.to(this.issuer).get("/.well-known/openid-configuration"))
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equals("acr_values_supported"))
			.map((entry) -> (List<Object>) entry.getValue())
			.findFirst()
			.orElseThrow();
		assertThat(advertised).contains("phr");
		assertThat(idToken.getLongClaim("auth_time")).isNotNull();
		assertThat(this.jdbc.sql("SELECT signature_count FROM user_credentials WHERE credential_id = ?")
			.param(authenticator.credentialId())
			.query(Long.class)
			.single()).isEqualTo(1L);
		awaitAudit("PASSKEY_SIGN_IN", "SUCCESS", username);
	}

	@Test
	void signInWithAPasskeyWhenTheUserWasNotVerifiedThenRefusedAndAudited() {
		String username = this.users.create();
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(signedIn(username), authenticator, "Security key");
		HttpExchange browser = HttpExchange.to(this.issuer);

		HttpResponse<String> refused = signInWithPasskey(browser, browser.browse("/login"), authenticator, false);

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(browser.browse("/").statusCode()).as("still signed out: to the login page").isEqualTo(302);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'PASSKEY_SIGN_IN' AND outcome = 'FAILURE'")
				.query(Long.class)
				.single() > 0);
	}

	@Test
	void signInWithAPasskeyWhenTheAccountIsDisabledThenRefused() {
		String username = this.users.create();
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(signedIn(username), authenticator, "Phone");
		this.accounts.setEnabled(username, false);
		HttpExchange browser = HttpExchange.to(this.issuer);

		HttpResponse<String> refused = signInWithPasskey(browser, browser.browse("/login"), authenticator, true);

		assertThat(refused.statusCode()).isEqualTo(401);
	}

	@Test
	void loginPageOffersPasskeysNextToTheUsernameAndPasswordForm() {
		HttpResponse<String> page = HttpExchange.to(this.issuer).browse("/login");

		assertThat(HtmlDocuments.fieldValue(page, "username")).isPresent();
		assertThat(HtmlDocuments.fieldValue(page, "password")).isPresent();
		assertThat(HtmlDocuments.text(page, "passkey-sign-in")).hasValue("Sign in with a passkey");
		assertThat(attribute(page, "username", "autocomplete")).isEqualTo("username webauthn");
		assertThat(attribute(page, "passkey-sign-in-section", "hidden")).as("shown by the script only").isNotNull();
		assertThat(page.body()).contains("src=\"/js/passkeys.js\"").doesNotContain("<script>");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("script-src 'self';").doesNotContain("unsafe-inline"));
		HttpResponse<String> options = HttpExchange.to(this.issuer)
			.sendJson("POST", "/webauthn/authenticate/options", null, CSRF_HEADER, HttpExchange.csrfToken(page));
		assertThat(options.statusCode()).as("no session, so no CSRF token of its own: refused").isEqualTo(403);
	}

	@Test
	void authenticationOptionsRequireUserVerificationForThisRelyingParty() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> page = browser.browse("/login");

		Map<String, Object> options = HttpExchange.json(browser.sendJson("POST", "/webauthn/authenticate/options", null,
				CSRF_HEADER, HttpExchange.csrfToken(page)));

		assertThat(options).containsEntry("rpId", "localhost").containsEntry("userVerification", "required");
	}

	@Test
	void registerWhenTheLabelIsTooLongThenTheErrorNamesTheFieldAndNothingIsStored() {
		String username = this.users.create();
		HttpExchange browser = signedIn(username);
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();

		HttpResponse<String> refused = registration(browser, authenticator, "x".repeat(65), this.issuer);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("field", "label")
			.containsEntry("message", "At most 64 characters");
		assertThat(passkeysOf(username)).isZero();
	}

	@Test
	void registerWhenTheAnswerIsForAnotherOriginThenRefusedWithoutA500() {
		String username = this.users.create();
		HttpExchange browser = signedIn(username);

		HttpResponse<String> refused = registration(browser, new SoftwareAuthenticator(), "Phone",
				"https://phishing.example");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("field", "passkey");
		assertThat(passkeysOf(username)).isZero();
	}

	@Test
	void registerWithoutOptionsFirstThenRefused() {
		HttpExchange browser = signedIn(this.users.create());

		HttpResponse<String> refused = browser.sendJson("POST", "/account/passkeys/register", "{}", CSRF_HEADER,
				csrf(browser));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("message", "Start the registration again");
	}

	@Test
	void theFrameworksOwnRegistrationEndpointsAreRefused() {
		String username = this.users.create();
		HttpExchange browser = signedIn(username);
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(browser, authenticator, "Laptop");

		assertThat(browser.sendJson("POST", "/webauthn/register", "{}", CSRF_HEADER, csrf(browser)).statusCode())
			.isEqualTo(403);
		assertThat(browser
			.sendJson("DELETE", "/webauthn/register/" + authenticator.credentialId(), null, CSRF_HEADER, csrf(browser))
			.statusCode()).isEqualTo(403);
		assertThat(passkeysOf(username)).isOne();
	}

	@Test
	void accountPageListsRenamesWithAnErrorNextToTheFieldAndNeedsTheCsrfToken() {
		String username = this.users.create();
		HttpExchange browser = signedIn(username);
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(browser, authenticator, "Laptop");
		String id = authenticator.credentialId();
		HttpResponse<String> page = browser.browse("/account/passkeys");
		assertThat(HtmlDocuments.text(page, "passkey-" + id))
			.hasValueSatisfying((row) -> assertThat(row).contains("Laptop"));
		assertThat(HtmlDocuments.text(page, "passkeys-unsupported")).isPresent();

		HttpResponse<String> tooLong = browser.postForm("/account/passkeys/" + id + "/rename",
				Map.of("label", "y".repeat(65), "_csrf", HttpExchange.csrfToken(page)));
		assertThat(tooLong.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.text(tooLong, "rename-error-" + id)).hasValue("At most 64 characters");
		assertThat(HtmlDocuments.fieldValue(tooLong, "label")).hasValue("y".repeat(65));
		assertThat(browser.postForm("/account/passkeys/" + id + "/rename", Map.of("label", "Forged")).statusCode())
			.isEqualTo(403);
		assertThat(labelOf(id)).isEqualTo("Laptop");

		HttpResponse<String> renamed = browser.postForm("/account/passkeys/" + id + "/rename",
				Map.of("label", "  Work laptop ", "_csrf", HttpExchange.csrfToken(page)));
		assertThat(renamed.statusCode()).isEqualTo(302);
		assertThat(HtmlDocuments.text(browser.follow(renamed), "notice")).hasValue("Passkey renamed.");
		assertThat(labelOf(id)).isEqualTo("Work laptop");
		awaitAudit("PASSKEY_RENAMED", "SUCCESS", username);
	}

	@Test
	void removeWhenTheUsersOwnThenGoneAuditedAndTheirOtherSessionsEnd() {
		String username = this.users.create();
		HttpExchange browser = signedIn(username);
		HttpExchange otherBrowser = signedIn(username);
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(browser, authenticator, "Old phone");
		HttpResponse<String> page = browser.browse("/account/passkeys");

		HttpResponse<String> removed = browser.postForm("/account/passkeys/" + authenticator.credentialId() + "/remove",
				Map.of("_csrf", HttpExchange.csrfToken(page)));

		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(HtmlDocuments.text(browser.follow(removed), "notice"))
			.hasValue("Passkey removed. Signed out of 1 other session(s).");
		assertThat(passkeysOf(username)).isZero();
		assertThat(otherBrowser.browse("/").statusCode()).as("the other session ended").isEqualTo(302);
		assertThat(browser.browse("/").statusCode()).as("this one stays").isEqualTo(200);
		awaitAudit("PASSKEY_REMOVED", "SUCCESS", username);
		HttpExchange stranger = HttpExchange.to(this.issuer);
		assertThat(signInWithPasskey(stranger, stranger.browse("/login"), authenticator, true).statusCode())
			.as("a removed passkey signs nobody in")
			.isEqualTo(401);
	}

	@Test
	void removeWhenAnotherUsersPasskeyThenNotFoundAndKept() {
		String owner = this.users.create();
		SoftwareAuthenticator authenticator = new SoftwareAuthenticator();
		register(signedIn(owner), authenticator, "Owner's key");
		HttpExchange other = signedIn(this.users.create());
		HttpResponse<String> page = other.browse("/account/passkeys");

		HttpResponse<String> refused = other.postForm("/account/passkeys/" + authenticator.credentialId() + "/remove",
				Map.of("_csrf", HttpExchange.csrfToken(other.browse("/"))));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(refused.statusCode()).isEqualTo(404);
		assertThat(passkeysOf(owner)).isOne();
	}

	@Test
	void adminSeesHowManyPasskeysAUserHasAndRemovesOne() {
		String username = this.users.create();
		SoftwareAuthenticator first = new SoftwareAuthenticator();
		HttpExchange user = signedIn(username);
		register(user, first, "Laptop");
		register(user, new SoftwareAuthenticator(), "Phone");
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);

		HttpResponse<String> list = admin.browse("/admin/users?q=" + username);
		String count = HtmlDocuments.read(list,
				(html) -> html
					.<DomElement>getFirstByXPath("//tr[@data-username='" + username + "']/td[@class='passkeys']")
					.getTextContent());
		assertThat(count).isEqualTo("2");
		assertThat(ConsoleSession.requiredText(admin.browse("/admin/users/" + username), "passkey-count"))
			.isEqualTo("2");
		HttpResponse<String> passkeys = admin.browse("/admin/users/" + username + "/passkeys");
		assertThat(ConsoleSession.requiredText(passkeys, "passkey-" + first.credentialId())).contains("Laptop");

		HttpResponse<String> removed = admin.submitAndFollow(passkeys,
				"/admin/users/" + username + "/passkeys/" + first.credentialId() + "/remove", Map.of());

		assertThat(ConsoleSession.requiredText(removed, "notice")).startsWith("Passkey removed.");
		assertThat(passkeysOf(username)).isOne();
		assertThat(user.browse("/").statusCode()).as("the user's session ended").isEqualTo(302);
		awaitAudit("PASSKEY_REMOVED", "SUCCESS", TestClients.ADMIN);
	}

	private HttpExchange signedIn(String username) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		HttpResponse<String> loggedIn = browser.postForm("/login", Map.of("username", username, "password",
				TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(HttpExchange.location(loggedIn).getQuery()).as("signed in").isNull();
		return browser;
	}

	private void register(HttpExchange browser, SoftwareAuthenticator authenticator, String label) {
		HttpResponse<String> registered = registration(browser, authenticator, label, this.issuer);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
		assertThat(HttpExchange.json(registered)).containsEntry("success", true);
	}

	private HttpResponse<String> registration(HttpExchange browser, SoftwareAuthenticator authenticator, String label,
			String origin) {
		String csrf = csrf(browser);
		HttpResponse<String> options = browser.sendJson("POST", "/webauthn/register/options", null, CSRF_HEADER, csrf);
		assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
		return browser.sendJson("POST", "/account/passkeys/register",
				authenticator.register(HttpExchange.json(options), origin, label), CSRF_HEADER, csrf);
	}

	private HttpResponse<String> signInWithPasskey(HttpExchange browser, HttpResponse<String> loginPage,
			SoftwareAuthenticator authenticator, boolean userVerified) {
		String csrf = HttpExchange.csrfToken(loginPage);
		HttpResponse<String> options = browser.sendJson("POST", "/webauthn/authenticate/options", null, CSRF_HEADER,
				csrf);
		assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
		return browser.sendJson("POST", "/login/webauthn",
				authenticator.assertion(HttpExchange.json(options), this.issuer, userVerified), CSRF_HEADER, csrf);
	}

	/** The CSRF token of the signed-in session, from the home page's sign-out form. */
	private static String csrf(HttpExchange browser) {
		return HttpExchange.csrfToken(browser.browse("/"));
	}

	private static String attribute(HttpResponse<String> page, String id, String name) {
		return HtmlDocuments.read(page, (html) -> {
			DomElement element = html.getElementById(id);
			return (element != null && element.hasAttribute(name)) ? element.getAttribute(name) : null;
		});
	}

	private long passkeysOf(String username) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id"
					+ " WHERE e.name = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	private String labelOf(String id) {
		return this.jdbc.sql("SELECT label FROM user_credentials WHERE credential_id = ?")
			.param(id)
			.query(String.class)
			.single();
	}

	private void awaitAudit(String type, String outcome, String actor) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND outcome = ? AND actor = ?")
				.param(type)
				.param(outcome)
				.param(actor)
				.query(Long.class)
				.single() > 0);
	}

}
