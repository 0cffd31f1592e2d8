package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.testsupport.AuthenticatorApp;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;
import org.awaitility.Awaitility;
import org.htmlunit.html.DomElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * One-time codes (RFC 6238) as a second factor over real HTTP: enrolment on the account
 * page with codes computed here from the secret the page shows, the second step of a
 * sign-in, each code once per step, wrong codes locking, recovery codes once each,
 * step-up by {@code acr_values}, second factors required of a user, a role and a client,
 * the admin's reset, the {@code acr}/{@code amr}/{@code auth_time} of ID tokens and
 * introspection, and what the database holds.
 */
@AuthServerTest
class SecondFactorTests {

	private static final String SCOPES = "openid profile message.read";

	private static final String MFA_ACR = "urn:dev-authserver:acr:mfa";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Autowired
	PasswordEncoder passwordEncoder;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@AfterEach
	void dropRequirements() {
		this.jdbc.sql("DELETE FROM second_factor_requirement").update();
	}

	@Test
	void enrolmentWhenConfirmedWithACodeOfTheShownSecretThenOnWithTenRecoveryCodesShownOnce() {
		HttpExchange browser = signedIn(this.username);

		Enrolment enrolment = enrol(browser);

		assertThat(enrolment.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
		HttpResponse<String> page = browser.browse("/account/two-factor");
		assertThat(HtmlDocuments.text(page, "two-factor-state")).get().asString().startsWith("On");
		assertThat(HtmlDocuments.text(page, "recovery-codes-left")).contains("10");
		assertThat(page.body()).as("recovery codes are shown once")
			.doesNotContain(enrolment.recoveryCodes().get(0))
			.doesNotContain(enrolment.secret());
		awaitAudit("SECOND_FACTOR_ENROLLED", this.username);
	}

	@Test
	void enrolmentWhenTheCodeIsWrongThenRefusedNextToTheFieldAndStillOff() {
		HttpExchange browser = signedIn(this.username);
		HttpResponse<String> pending = startEnrolment(browser);

		HttpResponse<String> refused = browser.postForm("/account/two-factor/confirmation",
				Map.of("code", "000000", "_csrf", HttpExchange.csrfToken(pending)));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HtmlDocuments.text(refused, "code-error")).isPresent();
		assertThat(HtmlDocuments.text(refused, "two-factor-state")).contains("Off.");
	}

	@Test
	void qrCodeWhenEnrollingThenAnSvgOfOurOwnThatNoCacheKeeps() {
		HttpExchange browser = signedIn(this.username);
		HttpResponse<String> pending = startEnrolment(browser);
		String src = HtmlDocuments.read(pending, (page) -> page.getElementById("qr-code").getAttribute("src"));
		assertThat(src).isEqualTo("/account/two-factor/qr-code.svg");
		assertThat(pending.headers().firstValue("Content-Security-Policy")).get().asString().contains("img-src 'self'");

		HttpResponse<String> qrCode = browser.get("/account/two-factor/qr-code.svg");

		assertThat(qrCode.statusCode()).isEqualTo(200);
		assertThat(qrCode.headers().firstValue("Content-Type")).get().asString().startsWith("image/svg+xml");
		assertThat(qrCode.headers().firstValue("Cache-Control")).get().asString().contains("no-store");
		assertThat(qrCode.body()).startsWith("<svg").contains("<path");
	}

	@Test
	void signInWhenTheUserHasOneTimeCodesThenTheSecondStepAndTokensSayMfa() throws Exception {
		AuthenticatorApp app = enrol(signedIn(this.username)).app();
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		BrowserSignIn signIn = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				SCOPES);
		Instant before = Instant.now().minusSeconds(1);

		HttpResponse<String> secondStep = toSecondStep(browser,
				signIn.signIn("mfa", pkce, this.username, TestUsers.PASSWORD));
		assertThat(HtmlDocuments.text(secondStep, "submit-code")).isPresent();
		assertThat(HtmlDocuments.text(secondStep, "use-recovery-code")).isPresent();
		URI callback = consent(browser, signIn, submitCode(browser, secondStep, nextCode(app)));

		Map<String, Object> tokens = tokens(callback, pkce);
		JWTClaimsSet idToken = idToken(tokens);
		assertThat(idToken.getStringClaim("acr")).isEqualTo(MFA_ACR);
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
		assertThat(idToken.getDateClaim("auth_time")).isAfterOrEqualTo(Date.from(before));
		assertThat(HttpExchange.json(HttpExchange.to(this.issuer).get("/.well-known/openid-configuration")))
			.as("discovery advertises the acr that ID tokens carry")
			.containsEntry("acr_values_supported", List.of("urn:dev-authserver:acr:password", "phr", MFA_ACR));
		Map<String, Object> introspected = CodeGrant
			.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI)
			.introspect(tokens.get("access_token"));
		assertThat(introspected).containsEntry("active", true)
			.containsEntry("acr", MFA_ACR)
			.containsEntry("amr", List.of("pwd", "otp", "mfa"))
			.containsEntry("auth_time", idToken.getDateClaim("auth_time").toInstant().getEpochSecond());
		awaitAudit("SECOND_FACTOR", this.username);
	}

	@Test
	void secondStepWhenTheSameCodeComesAgainInItsStepThenRefused() {
		AuthenticatorApp app = enrol(signedIn(this.username)).app();
		String code = nextCode(app);
		HttpExchange first = HttpExchange.to(this.issuer);
		HttpResponse<String> accepted = submitCode(first, toSecondStep(first, postLogin(first, this.username)), code);
		assertThat(HttpExchange.location(accepted).getPath()).isEqualTo("/");

		HttpExchange second = HttpExchange.to(this.issuer);
		HttpResponse<String> replayed = submitCode(second, toSecondStep(second, postLogin(second, this.username)),
				code);

		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(HtmlDocuments.text(replayed, "code-error")).get().asString().contains("used already");
		assertThat(second.browse("/").headers().firstValue("Location")).as("still owes the second factor")
			.contains("/login/second-factor");
	}

	@Test
	void secondStepWhenWrongCodesRepeatThenLockedEvenForTheRightCode() {
		AuthenticatorApp app = enrol(signedIn(this.username)).app();
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> secondStep = toSecondStep(browser, postLogin(browser, this.username));
		String right = nextCode(app);
		String wrong = right.equals("123456") ? "654321" : "123456";
		for (int i = 0; i < 6; i++) {
			assertThat(submitCode(browser, secondStep, wrong).statusCode()).isEqualTo(400);
		}

		HttpResponse<String> locked = submitCode(browser, secondStep, right);

		assertThat(locked.statusCode()).isEqualTo(400);
		assertThat(HtmlDocuments.text(locked, "code-error")).get().asString().contains("Too many wrong codes");
		awaitAudit("SECOND_FACTOR_LOCKED", this.username);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM login_throttle WHERE throttle_key = ? AND locked_until > ?")
			.param("second-factor:" + this.username)
			.param(Timestamp.from(Instant.now()))
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void recoveryCodeWhenUsedThenSignsInOnceAndNeverAgain() {
		Enrolment enrolment = enrol(signedIn(this.username));
		String recoveryCode = enrolment.recoveryCodes().get(3);
		HttpExchange first = HttpExchange.to(this.issuer);
		HttpResponse<String> recoveryPage = first.follow(toSecondStepRedirect(first, postLogin(first, this.username)));
		HttpResponse<String> recoveryForm = first.browse("/login/second-factor?recovery=true");
		assertThat(recoveryForm.statusCode()).isEqualTo(200);
		assertThat(recoveryPage.statusCode()).isEqualTo(200);

		HttpResponse<String> accepted = submitCode(first, recoveryForm, recoveryCode.toLowerCase(Locale.ROOT));
		assertThat(accepted.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(accepted).getPath()).isEqualTo("/");
		assertThat(first.browse("/").statusCode()).isEqualTo(200);

		HttpExchange second = HttpExchange.to(this.issuer);
		HttpResponse<String> again = submitCode(second, toSecondStep(second, postLogin(second, this.username)),
				recoveryCode);
		assertThat(again.statusCode()).isEqualTo(400);
		awaitAudit("RECOVERY_CODE_USED", this.username);
		assertThat(HtmlDocuments.text(first.browse("/account/two-factor"), "recovery-codes-left")).contains("9");
	}

	@Test
	void stepUpWhenAcrValuesAskForMfaOfAPasswordSessionThenTheSecondStepOnlyInTheSameSession() throws Exception {
		// A session signed in with the password before the user enrolled elsewhere.
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				SCOPES);
		URI first = signIn.signInAndConsent("password", Pkce.generate(), this.username, TestUsers.PASSWORD);
		assertThat(HttpExchange.queryParameters(first)).containsKey("code");
		String sessionCookie = browser.cookieHeader();
		AuthenticatorApp app = enrol(signedIn(this.username)).app();

		Pkce pkce = Pkce.generate();
		HttpResponse<String> stepUp = browser
			.browse(BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
				.with("acr_values", MFA_ACR)
				.authorizationRequest("step-up", pkce));
		assertThat(stepUp.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(stepUp).getPath()).as("the second step, not the login form")
			.isEqualTo("/login/second-factor");
		HttpResponse<String> backToAuthorize = submitCode(browser, browser.follow(stepUp), nextCode(app));
		HttpResponse<String> toClient = browser.follow(backToAuthorize);

		assertThat(toClient.statusCode()).isEqualTo(302);
		URI callback = HttpExchange.location(toClient);
		assertThat(callback.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(browser.cookieHeader()).as("the same session").isEqualTo(sessionCookie);
		JWTClaimsSet idToken = idToken(tokens(callback, pkce));
		assertThat(idToken.getStringClaim("acr")).isEqualTo(MFA_ACR);
	}

	@Test
	void stepUpWhenAcrValuesAskForMfaOfAUserWithoutOneThenEnrolmentAndThenTheCode() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> afterLogin = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.with("acr_values", MFA_ACR)
			.signIn("enrol", Pkce.generate(), this.username, TestUsers.PASSWORD);

		HttpResponse<String> toEnrolment = browser.follow(afterLogin);

		assertThat(HttpExchange.location(toEnrolment).getPath()).isEqualTo("/account/two-factor");
		Enrolment enrolment = enrol(browser);
		HttpResponse<String> onwards = browser.browse("/account/two-factor/continue");
		assertThat(HttpExchange.location(onwards).getPath()).isEqualTo("/oauth2/authorize");
		assertThat(HttpExchange.location(browser.follow(onwards)).getPath()).isEqualTo("/oauth2/consent");
		assertThat(enrolment.recoveryCodes()).hasSize(10);
	}

	@Test
	void requiredOfTheUserByAnAdminThenEnrolmentAfterThePasswordAndTheConsoleShowsIt() {
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		HttpResponse<String> factors = admin.browse("/admin/users/" + this.username + "/second-factor");
		assertThat(ConsoleSession.text(factors, "factor-totp")).contains("none");
		admin.submitAndFollow(factors, "/admin/users/" + this.username + "/second-factor/requirement",
				Map.of("required", "true"));

		assertThat(ownedPageAfterPassword(this.username)).isEqualTo("/account/two-factor");
		assertThat(ConsoleSession.text(admin.browse("/admin/users/" + this.username + "/second-factor"),
				"factor-required"))
			.contains("yes");
	}

	@Test
	void requiredOfARoleThenItsUsersEnrolAfterThePasswordAndOthersDoNot() {
		String auditor = "auditor-" + this.username;
		this.accounts.create(new UserAccount(auditor, this.passwordEncoder.encode(TestUsers.PASSWORD), TestUsers.NAME,
				null, false, true, Set.of("AUDITOR")));
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		HttpResponse<String> policy = admin.browse("/admin/second-factor");
		admin.submitAndFollow(policy, "/admin/second-factor/roles", Map.of("roles", "AUDITOR"));

		assertThat(ownedPageAfterPassword(auditor)).isEqualTo("/account/two-factor");
		assertThat(ownedPageAfterPassword(this.username)).isEqualTo("/");
	}

	@Test
	void requiredByTheClientThenItsSignInsNeedTheSecondFactorAndOtherClientsDoNot() {
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		HttpResponse<String> policy = admin.browse("/admin/second-factor");
		HttpResponse<String> saved = admin.submitAndFollow(policy, "/admin/second-factor/clients",
				Map.of("clientId", TestClients.WEB_CLIENT_ID, "required", "true"));
		assertThat(ConsoleSession.text(saved, "required-clients")).get().asString().contains(TestClients.WEB_CLIENT_ID);

		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> afterLogin = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.signIn("client", Pkce.generate(), this.username, TestUsers.PASSWORD);
		assertThat(HttpExchange.location(browser.follow(afterLogin)).getPath()).isEqualTo("/account/two-factor");

		HttpExchange other = HttpExchange.to(this.issuer);
		HttpResponse<String> otherLogin = BrowserSignIn
			.of(other, TestClients.PUBLIC_CLIENT_ID, TestClients.PUBLIC_REDIRECT_URI, SCOPES)
			.signIn("other", Pkce.generate(), this.username, TestUsers.PASSWORD);
		assertThat(HttpExchange.location(other.follow(otherLogin)).getPath()).isEqualTo("/oauth2/consent");
	}

	@Test
	void adminResetWhenDoneThenTheFactorsAreGoneTheSessionsEndedAndItIsAudited() {
		HttpExchange userBrowser = signedIn(this.username);
		enrol(userBrowser);
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		HttpResponse<String> factors = admin.browse("/admin/users/" + this.username + "/second-factor");
		assertThat(ConsoleSession.text(factors, "factor-totp")).contains("enrolled");
		assertThat(ConsoleSession.text(factors, "factor-recovery-codes")).contains("10");

		HttpResponse<String> reset = admin.submitAndFollow(factors,
				"/admin/users/" + this.username + "/second-factor/reset", Map.of());

		assertThat(ConsoleSession.text(reset, "factor-totp")).contains("none");
		assertThat(ConsoleSession.text(reset, "factor-recovery-codes")).contains("0");
		assertThat(HttpExchange.location(userBrowser.browse("/account/two-factor")).getPath())
			.as("the user's session ended")
			.isEqualTo("/login");
		assertThat(ownedPageAfterPassword(this.username)).as("the password alone signs in again").isEqualTo("/");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'SECOND_FACTOR_RESET' AND actor = ? AND detail = ?")
				.param(TestClients.ADMIN)
				.param("user=" + this.username)
				.query(Integer.class)
				.single() == 1);
	}

	@Test
	void removalWhenTheUserTurnsCodesOffThenTheirOtherSessionsEnd() {
		HttpExchange browser = signedIn(this.username);
		Enrolment enrolment = enrol(browser);
		HttpExchange other = HttpExchange.to(this.issuer);
		submitCode(other, toSecondStep(other, postLogin(other, this.username)), nextCode(enrolment.app()));
		assertThat(other.browse("/").statusCode()).isEqualTo(200);

		HttpResponse<String> page = browser.browse("/account/two-factor");
		HttpResponse<String> removed = browser.postForm("/account/two-factor/removal",
				Map.of("_csrf", HttpExchange.csrfToken(page)));

		assertThat(HtmlDocuments.text(removed, "two-factor-state")).contains("Off.");
		assertThat(HttpExchange.location(other.browse("/")).getPath()).isEqualTo("/login");
		awaitAudit("SECOND_FACTOR_REMOVED", this.username);
	}

	@Test
	void storageWhenEnrolledThenNeitherTheSecretNorTheRecoveryCodesAreInClear() {
		Enrolment enrolment = enrol(signedIn(this.username));

		String ciphertext = this.jdbc.sql("""
				SELECT c.secret_ciphertext FROM totp_credential c JOIN user_account u ON u.id = c.user_id
				WHERE u.username = ?""").param(this.username).query(String.class).single();
		assertThat(ciphertext).doesNotContain(enrolment.secret())
			.doesNotContain(enrolment.secret().toLowerCase(Locale.ROOT));
		assertThat(Base64.getDecoder().decode(ciphertext)).as("AES-GCM: a 12-byte IV, 20 bytes, a 16-byte tag")
			.hasSize(12 + 20 + 16);
		List<String> hashes = this.jdbc.sql("""
				SELECT r.code_hash FROM recovery_code r JOIN user_account u ON u.id = r.user_id
				WHERE u.username = ?""").param(this.username).query(String.class).list();
		assertThat(hashes).hasSize(10);
		for (String code : enrolment.recoveryCodes()) {
			assertThat(hashes).noneMatch((hash) -> hash.contains(code) || hash.contains(code.replace("-", "")));
		}
	}

	@Test
	void secondStepWhenTheUserOwesNoneThenHomeNeedsNoCode() {
		HttpExchange browser = signedIn(this.username);

		assertThat(browser.browse("/").statusCode()).isEqualTo(200);
	}

	/** A browser signed in with the password at the login form, with no request saved. */
	private HttpExchange signedIn(String user) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loggedIn = postLogin(browser, user);
		assertThat(HttpExchange.location(loggedIn).getPath()).isEqualTo("/");
		return browser;
	}

	/**
	 * Where the home page sends a user after the password: itself, or a second-factor
	 * page.
	 */
	private String ownedPageAfterPassword(String user) {
		HttpExchange browser = signedIn(user);
		HttpResponse<String> home = browser.browse("/");
		return (home.statusCode() == 200) ? "/" : HttpExchange.location(home).getPath();
	}

	private static HttpResponse<String> postLogin(HttpExchange browser, String user) {
		HttpResponse<String> loginPage = browser.browse("/login");
		HttpResponse<String> loggedIn = browser.postForm("/login",
				Map.of("username", user, "password", TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		return loggedIn;
	}

	/** Follows the redirects after the password to the second-step page. */
	private static HttpResponse<String> toSecondStep(HttpExchange browser, HttpResponse<String> afterLogin) {
		HttpResponse<String> page = browser.follow(toSecondStepRedirect(browser, afterLogin));
		assertThat(page.statusCode()).isEqualTo(200);
		return page;
	}

	private static HttpResponse<String> toSecondStepRedirect(HttpExchange browser, HttpResponse<String> afterLogin) {
		HttpResponse<String> next = browser.follow(afterLogin);
		assertThat(next.statusCode()).as(next.uri().toString()).isEqualTo(302);
		assertThat(HttpExchange.location(next).getPath()).isEqualTo("/login/second-factor");
		return next;
	}

	private static HttpResponse<String> submitCode(HttpExchange browser, HttpResponse<String> secondStep, String code) {
		boolean recovery = HtmlDocuments.fieldValue(secondStep, "recovery").isPresent();
		Map<String, String> form = recovery
				? Map.of("code", code, "recovery", "true", "_csrf", HttpExchange.csrfToken(secondStep))
				: Map.of("code", code, "_csrf", HttpExchange.csrfToken(secondStep));
		return browser.postForm("/login/second-factor", form);
	}

	/**
	 * After the second step: back to the authorization request, its consent, the code.
	 */
	private static URI consent(HttpExchange browser, BrowserSignIn signIn, HttpResponse<String> afterCode) {
		assertThat(afterCode.statusCode()).as(afterCode.body()).isEqualTo(302);
		assertThat(HttpExchange.location(afterCode).getPath()).isEqualTo("/oauth2/authorize");
		HttpResponse<String> toConsent = browser.follow(afterCode);
		assertThat(HttpExchange.location(toConsent).getPath()).isEqualTo("/oauth2/consent");
		HttpResponse<String> toClient = signIn.submitConsent(browser.follow(toConsent), true);
		assertThat(toClient.statusCode()).isEqualTo(302);
		return HttpExchange.location(toClient);
	}

	private static HttpResponse<String> startEnrolment(HttpExchange browser) {
		HttpResponse<String> page = browser.browse("/account/two-factor");
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> started = browser.postForm("/account/two-factor/enrolment",
				Map.of("_csrf", HttpExchange.csrfToken(page)));
		assertThat(started.statusCode()).isEqualTo(302);
		return browser.follow(started);
	}

	/**
	 * Enrols as a person does: reads the key the page shows as text into an app, types
	 * the app's code, and copies the recovery codes.
	 */
	private static Enrolment enrol(HttpExchange browser) {
		HttpResponse<String> pending = startEnrolment(browser);
		String secret = HtmlDocuments.text(pending, "totp-secret").orElseThrow();
		AuthenticatorApp app = AuthenticatorApp.withKey(secret);
		HttpResponse<String> confirmed = browser.postForm("/account/two-factor/confirmation",
				Map.of("code", app.codeAt(Instant.now()), "_csrf", HttpExchange.csrfToken(pending)));
		assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
		List<String> recoveryCodes = HtmlDocuments.read(confirmed,
				(page) -> page.getElementById("recovery-codes")
					.getElementsByTagName("code")
					.stream()
					.map(DomElement::getTextContent)
					.map(String::strip)
					.toList());
		return new Enrolment(secret, app, recoveryCodes);
	}

	/**
	 * The code of the next time step, which the server accepts now (RFC 6238 §5.2) and
	 * which no earlier sign-in in this test used.
	 */
	private static String nextCode(AuthenticatorApp app) {
		return app.codeAt(Instant.now().plusSeconds(30));
	}

	private Map<String, Object> tokens(URI callback, Pkce pkce) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", CodeGrant.redemption(callback, pkce, TestClients.WEB_REDIRECT_URI),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	private JWTClaimsSet idToken(Map<String, Object> tokens) {
		return SignedJwts.claims(SignedJwts.verify((String) tokens.get("id_token"),
				HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
	}

	/** Waits for the audit event: the audit log writes from a queue. */
	private void awaitAudit(String type, String actor) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE type = ? AND actor = ?")
				.param(type)
				.param(actor)
				.query(Integer.class)
				.single() > 0);
	}

	private record Enrolment(String secret, AuthenticatorApp app, List<String> recoveryCodes) {
	}

}
