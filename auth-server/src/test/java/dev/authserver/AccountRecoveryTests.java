package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.authserver.keys.OpaqueTokens;
import dev.authserver.testsupport.TestMailServer;
import dev.authserver.testsupport.TestMailServer.Mail;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Forgotten passwords, email verification and self-registration against a real SMTP
 * server (GreenMail) started by the test: what the mail says, what its link does once,
 * and that the answers tell nobody whether an address has an account. Every request comes
 * from an address of its own (a forwarded header, believed from 127.0.0.1), so that only
 * the throttle test meets the per-address limit.
 */
@AuthServerTest
@TestPropertySource(properties = { "spring.mail.host=127.0.0.1", "authserver.account.self-registration=true",
		"authserver.account.mail-from=auth@example.com", "authserver.account.mail-requests-per-address=3" })
class AccountRecoveryTests {

	private static final TestMailServer MAIL = TestMailServer.start();

	private static final Duration MAIL_WAIT = Duration.ofSeconds(20);

	private static final String NEW_PASSWORD = "my-new-password-after-reset";

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", MAIL::port);
	}

	@AfterAll
	static void stopMailServer() {
		MAIL.close();
	}

	@Test
	void resetWhenAddressIsKnownThenTheMailedLinkSetsANewPasswordOnceAndEndsEverySession() {
		String username = this.users.create();
		String email = username + "@example.com";
		ConsoleSession signedIn = ConsoleSession.signIn(this.issuer, username, TestUsers.PASSWORD);
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> login = browser.browse("/login");
		assertThat(ConsoleSession.requiredText(login, "forgot-password")).isEqualTo("Forgotten your password?");

		HttpResponse<String> sent = requestReset(browser, email, newAddress());

		assertThat(ConsoleSession.requiredText(sent, "reset-sent")).startsWith("If an account has this address");
		Mail mail = MAIL.awaitMail(email, 1, MAIL_WAIT);
		assertThat(mail.subject()).isEqualTo("Reset your password");
		assertThat(mail.body()).contains(username).contains("30 minutes");
		String link = mail.link();
		assertThat(link).startsWith(this.issuer + "/password-reset/new?token=");
		String token = UriComponentsBuilder.fromUriString(link).build().getQueryParams().getFirst("token");
		assertThat(tokenRows(OpaqueTokens.hash(token))).as("stored hashed").isEqualTo(1);
		assertThat(tokenRows(token)).as("not in clear").isZero();

		HttpResponse<String> resetPage = browser.browse(link);
		assertThat(resetPage.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(resetPage, "password-policy")).startsWith("At least 12 characters");
		HttpResponse<String> tooShort = browser.postForm("/password-reset/new", Map.of("token", token, "newPassword",
				"short", "confirmation", "short", "_csrf", HttpExchange.csrfToken(resetPage)));
		assertThat(ConsoleSession.requiredText(tooShort, "newPassword-error")).isEqualTo("Use at least 12 characters");
		HttpResponse<String> reset = browser.postForm("/password-reset/new", Map.of("token", token, "newPassword",
				NEW_PASSWORD, "confirmation", NEW_PASSWORD, "_csrf", HttpExchange.csrfToken(tooShort)));

		assertThat(reset.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(reset)).hasPath("/login").hasQuery("reset");
		assertThat(ConsoleSession.text(browser.follow(reset), "password-reset-message")).isPresent();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, TestUsers.PASSWORD)).isFalse();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = ?")
			.param(username)
			.query(Long.class)
			.single()).as("every session ended").isZero();
		assertThat(HttpExchange.location(signedIn.browse("/account")).getPath()).isEqualTo("/login");
		assertThat(ConsoleSession.canSignIn(this.issuer, username, NEW_PASSWORD)).isTrue();
		awaitAuditEvents(this.jdbc, username, "PASSWORD_RESET_REQUESTED", 1);
		awaitAuditEvents(this.jdbc, username, "PASSWORD_RESET", 1);

		HttpResponse<String> again = browser.browse(link);
		assertThat(again.statusCode()).isEqualTo(410);
		assertThat(ConsoleSession.requiredText(again, "link-refused")).isEqualTo("This link no longer works");
		HttpResponse<String> postedAgain = browser.postForm("/password-reset/new",
				Map.of("token", token, "newPassword", "yet-another-password", "confirmation", "yet-another-password",
						"_csrf", HttpExchange.csrfToken(browser.browse("/password-reset"))));
		assertThat(postedAgain.statusCode()).isEqualTo(410);
		assertThat(ConsoleSession.canSignIn(this.issuer, username, NEW_PASSWORD)).isTrue();
	}

	@Test
	void resetWhenTheLinkHasExpiredThenRefused() {
		String username = this.users.create();
		String email = username + "@example.com";
		HttpExchange browser = HttpExchange.to(this.issuer);
		requestReset(browser, email, newAddress());
		String link = MAIL.awaitMail(email, 1, MAIL_WAIT).link();
		String token = UriComponentsBuilder.fromUriString(link).build().getQueryParams().getFirst("token");
		this.jdbc
			.sql("UPDATE account_token SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE "
					+ "WHERE token_hash = ?")
			.param(OpaqueTokens.hash(token))
			.update();

		HttpResponse<String> page = browser.browse(link);

		assertThat(page.statusCode()).isEqualTo(410);
		assertThat(ConsoleSession.text(page, "link-refused")).isPresent();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, TestUsers.PASSWORD)).isTrue();
	}

	@Test
	void resetWhenTheAccountIsLockedAfterFailedSignInsThenTheNewPasswordSignsIn() {
		String username = this.users.create();
		String email = username + "@example.com";
		this.jdbc.sql("""
				INSERT INTO login_throttle (throttle_key, failures, last_failure_at, locked_until)
				VALUES (?, 2000, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + INTERVAL '1' HOUR)""")
			.param("account:" + username)
			.update();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, TestUsers.PASSWORD)).as("locked").isFalse();
		HttpExchange browser = HttpExchange.to(this.issuer);
		requestReset(browser, email, newAddress());
		HttpResponse<String> resetPage = browser.browse(MAIL.awaitMail(email, 1, MAIL_WAIT).link());

		HttpResponse<String> reset = browser.postForm("/password-reset/new",
				Map.of("token", HtmlDocuments.fieldValue(resetPage, "token").orElseThrow(), "newPassword", NEW_PASSWORD,
						"confirmation", NEW_PASSWORD, "_csrf", HttpExchange.csrfToken(resetPage)));

		assertThat(reset.statusCode()).isEqualTo(302);
		assertThat(ConsoleSession.canSignIn(this.issuer, username, NEW_PASSWORD)).isTrue();
	}

	@Test
	void resetWhenAddressIsUnknownThenTheSameAnswerAndNoMail() {
		String known = this.users.create() + "@example.com";
		String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
		HttpExchange browser = HttpExchange.to(this.issuer);

		HttpResponse<String> forUnknown = postReset(browser, unknown, newAddress());
		HttpResponse<String> forKnown = postReset(browser, known, newAddress());

		assertThat(forUnknown.statusCode()).isEqualTo(forKnown.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(forUnknown)).isEqualTo(HttpExchange.location(forKnown));
		assertThat(withoutCsrfToken(browser.follow(forUnknown))).isEqualTo(withoutCsrfToken(browser.follow(forKnown)));
		// Mails leave one at a time, in order: once the second has arrived, a first would
		// have.
		MAIL.awaitMail(known, 1, MAIL_WAIT);
		assertThat(MAIL.mailsTo(unknown)).isEmpty();
	}

	@Test
	void resetWhenOneAccountAsksTooOftenThenNoFurtherMailAndTheSameAnswer() {
		String username = this.users.create();
		String email = username + "@example.com";
		HttpExchange browser = HttpExchange.to(this.issuer);

		for (int request = 0; request < 4; request++) {
			HttpResponse<String> answer = postReset(browser, email, newAddress());
			assertThat(HttpExchange.location(answer)).hasPath("/password-reset").hasQuery("sent");
		}

		String marker = this.users.create() + "@example.com";
		postReset(browser, marker, newAddress());
		MAIL.awaitMail(marker, 1, MAIL_WAIT);
		assertThat(MAIL.mailsTo(email)).as("three mails per account and hour").hasSize(3);
		String latest = MAIL.mailsTo(email).get(2).link();
		String earlier = MAIL.mailsTo(email).get(0).link();
		assertThat(browser.browse(earlier).statusCode()).as("replaced by the later link").isEqualTo(410);
		assertThat(browser.browse(latest).statusCode()).isEqualTo(200);
	}

	@Test
	void resetWhenOneClientAddressAsksTooOftenThenNoMailEvenForAnotherAccount() {
		String address = newAddress();
		HttpExchange browser = HttpExchange.to(this.issuer);
		for (int request = 0; request < 3; request++) {
			postReset(browser, "nobody-" + UUID.randomUUID() + "@example.com", address);
		}
		String throttled = this.users.create() + "@example.com";

		HttpResponse<String> answer = postReset(browser, throttled, address);

		assertThat(HttpExchange.location(answer)).hasPath("/password-reset").hasQuery("sent");
		String marker = this.users.create() + "@example.com";
		postReset(browser, marker, newAddress());
		MAIL.awaitMail(marker, 1, MAIL_WAIT);
		assertThat(MAIL.mailsTo(throttled)).isEmpty();
	}

	@Test
	void registrationWhenOnThenTheAccountSignsInOnlyOnceTheMailedLinkIsConfirmed() {
		String username = "reg-" + UUID.randomUUID();
		String email = username + "@example.net";
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> login = browser.browse("/login");
		assertThat(ConsoleSession.requiredText(login, "register-link")).isEqualTo("Create an account");
		HttpResponse<String> form = browser.browse("/register");

		HttpResponse<String> registered = browser.postForm("/register",
				Map.of("username", username, "displayName", "Grace Hopper", "email", email, "newPassword", NEW_PASSWORD,
						"confirmation", NEW_PASSWORD, "_csrf", HttpExchange.csrfToken(form)),
				"X-Forwarded-For", newAddress());

		assertThat(ConsoleSession.requiredText(registered, "registered-email")).isEqualTo(email);
		assertThat(enabled(username)).isFalse();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, NEW_PASSWORD)).as("not verified yet").isFalse();
		Mail mail = MAIL.awaitMail(email, 1, MAIL_WAIT);
		assertThat(mail.subject()).isEqualTo("Confirm your new account");
		HttpResponse<String> confirmation = browser.browse(mail.link());
		assertThat(ConsoleSession.requiredText(confirmation, "verified-username")).isEqualTo(username);
		assertThat(enabled(username)).as("opening the link confirms nothing yet").isFalse();
		HttpResponse<String> confirmed = browser.postForm("/email-verification",
				Map.of("token", HtmlDocuments.fieldValue(confirmation, "token").orElseThrow(), "_csrf",
						HttpExchange.csrfToken(confirmation)));

		assertThat(ConsoleSession.text(confirmed, "account-active")).isPresent();
		assertThat(enabled(username)).isTrue();
		assertThat(this.jdbc.sql("SELECT email_verified FROM user_account WHERE username = ?")
			.param(username)
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, NEW_PASSWORD)).isTrue();
		assertThat(browser.browse(mail.link()).statusCode()).as("used").isEqualTo(410);
		awaitAuditEvents(this.jdbc, username, "ACCOUNT_REGISTERED", 1);
		awaitAuditEvents(this.jdbc, username, "EMAIL_VERIFIED", 1);
	}

	@Test
	void registrationWhenTheUsernameIsTakenThenRefusedNextToTheFieldAndNoMail() {
		String taken = this.users.create();
		String email = "other-" + UUID.randomUUID() + "@example.net";
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> form = browser.browse("/register");

		HttpResponse<String> refused = browser.postForm("/register",
				Map.of("username", taken, "displayName", "Someone", "email", email, "newPassword", NEW_PASSWORD,
						"confirmation", NEW_PASSWORD, "_csrf", HttpExchange.csrfToken(form)),
				"X-Forwarded-For", newAddress());

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(refused, "username-error")).isEqualTo("This username is taken");
		assertThat(refused.body()).doesNotContain(NEW_PASSWORD);
	}

	@Test
	void profileWhenTheEmailChangesThenTheOldOneStaysUntilTheLinkMailedToTheNewOneIsConfirmed() {
		String username = this.users.create();
		String newEmail = "new-" + UUID.randomUUID() + "@example.org";
		ConsoleSession session = ConsoleSession.signIn(this.issuer, username, TestUsers.PASSWORD);
		HttpResponse<String> form = session.browse("/account/profile");

		HttpResponse<String> saved = session.submitAndFollow(form, "/account/profile",
				Map.of("displayName", TestUsers.NAME, "email", newEmail));

		assertThat(ConsoleSession.requiredText(saved, "notice")).contains("We sent a link to " + newEmail);
		assertThat(email(username)).isEqualTo(username + "@example.com");
		Mail mail = MAIL.awaitMail(newEmail, 1, MAIL_WAIT);
		assertThat(mail.subject()).isEqualTo("Confirm your email address");
		HttpExchange elsewhere = HttpExchange.to(this.issuer);
		HttpResponse<String> confirmation = elsewhere.browse(mail.link());
		HttpResponse<String> confirmed = elsewhere.postForm("/email-verification",
				Map.of("token", HtmlDocuments.fieldValue(confirmation, "token").orElseThrow(), "_csrf",
						HttpExchange.csrfToken(confirmation)));
		assertThat(ConsoleSession.text(confirmed, "email-changed")).isPresent();
		assertThat(email(username)).isEqualTo(newEmail);
		assertThat(MAIL.mailsTo(username + "@example.com")).isEmpty();
	}

	static void awaitAuditEvents(JdbcClient jdbc, String username, String type, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE actor = ? AND type = ?")
				.param(username)
				.param(type)
				.query(Long.class)
				.single() == count);
	}

	private HttpResponse<String> requestReset(HttpExchange browser, String email, String clientAddress) {
		HttpResponse<String> answer = postReset(browser, email, clientAddress);
		assertThat(answer.statusCode()).isEqualTo(302);
		return browser.follow(answer);
	}

	private static HttpResponse<String> postReset(HttpExchange browser, String email, String clientAddress) {
		HttpResponse<String> form = browser.browse("/password-reset");
		return browser.postForm("/password-reset", Map.of("email", email, "_csrf", HttpExchange.csrfToken(form)),
				"X-Forwarded-For", clientAddress);
	}

	/** The page, but for its CSRF token, which is masked afresh on every page. */
	private static String withoutCsrfToken(HttpResponse<String> page) {
		return page.body().replace(HttpExchange.csrfToken(page), "");
	}

	private long tokenRows(String tokenHash) {
		return this.jdbc.sql("SELECT COUNT(*) FROM account_token WHERE token_hash = ?")
			.param(tokenHash)
			.query(Long.class)
			.single();
	}

	private boolean enabled(String username) {
		return this.jdbc.sql("SELECT enabled FROM user_account WHERE username = ?")
			.param(username)
			.query(Boolean.class)
			.single();
	}

	private String email(String username) {
		return this.jdbc.sql("SELECT email FROM user_account WHERE username = ?")
			.param(username)
			.query(String.class)
			.single();
	}

	/** A client address of its own, in a documentation range (RFC 5737). */
	private static String newAddress() {
		int random = Math.floorMod(UUID.randomUUID().hashCode(), 1 << 16);
		return "198.18." + (random >> 8) + "." + (random & 0xff);
	}

}
