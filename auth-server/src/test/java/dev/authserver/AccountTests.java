package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account pages on a server without mail, over real HTTP: the profile, the password
 * change with what it ends, and the mail-based pages absent (404) with no links to them.
 */
@AuthServerTest
class AccountTests {

	private static final String NEW_PASSWORD = "a-new-password-of-mine";

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void accountPageWhenSignedInThenShowsTheUserAndLinksToEachAccountPage() {
		String username = this.users.create();
		ConsoleSession session = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);

		HttpResponse<String> home = session.browse("/");
		assertThat(ConsoleSession.text(home, "account")).contains("Your account");
		HttpResponse<String> account = session.browse("/account");

		assertThat(account.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(account, "username")).isEqualTo(username);
		assertThat(ConsoleSession.requiredText(account, "display-name")).isEqualTo(TestUsers.NAME);
		assertThat(ConsoleSession.requiredText(account, "email")).isEqualTo(username + "@example.com");
		for (String nav : new String[] { "nav-profile", "nav-password", "nav-sessions", "nav-apps" }) {
			assertThat(ConsoleSession.text(account, nav)).as(nav).isPresent();
		}
		assertThat(ConsoleSession.text(session.browse("/account/sessions"), "nav-sessions")).isPresent();
	}

	@Test
	void accountPageWhenNotSignedInThenLogin() {
		HttpResponse<String> response = HttpExchange.to(baseUrl()).browse("/account/profile");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(response).getPath()).isEqualTo("/login");
	}

	@Test
	void profileWhenNameAndEmailChangeWithoutMailThenStoredAtOnceAndTheEmailUnverified() {
		String username = this.users.create();
		ConsoleSession session = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);
		HttpResponse<String> form = session.browse("/account/profile");

		HttpResponse<String> saved = session.submitAndFollow(form, "/account/profile",
				Map.of("displayName", "  Ada Lovelace ", "email", "ada@example.org"));

		assertThat(ConsoleSession.requiredText(saved, "notice")).isEqualTo("Profile saved.");
		assertThat(HtmlDocuments.fieldValue(saved, "displayName")).hasValue("Ada Lovelace");
		Map<String, Object> row = row(username);
		assertThat(row).containsEntry("DISPLAY_NAME", "Ada Lovelace")
			.containsEntry("EMAIL", "ada@example.org")
			.containsEntry("EMAIL_VERIFIED", false);
		AccountRecoveryTests.awaitAuditEvents(this.jdbc, username, "PROFILE_UPDATED", 1);
	}

	@Test
	void profileWhenEmailOrNameIsInvalidThenErrorsNextToTheFieldsAndNothingStored() {
		String username = this.users.create();
		ConsoleSession session = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);
		HttpResponse<String> form = session.browse("/account/profile");

		HttpResponse<String> refused = session.submit(form, "/account/profile",
				Map.of("displayName", " ", "email", "not an address"));

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(refused, "email-error")).startsWith("Enter an email address");
		assertThat(ConsoleSession.requiredText(refused, "displayName-error")).isEqualTo("Enter your name");
		assertThat(HtmlDocuments.fieldValue(refused, "email")).as("kept as typed").hasValue("not an address");
		assertThat(row(username)).containsEntry("DISPLAY_NAME", TestUsers.NAME)
			.containsEntry("EMAIL", username + "@example.com");
	}

	@Test
	void passwordChangeWhenCurrentPasswordIsWrongThenRefusedNextToTheFieldAndThePasswordStays() {
		String username = this.users.create();
		ConsoleSession session = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);
		HttpResponse<String> form = session.browse("/account/password");
		assertThat(ConsoleSession.requiredText(form, "password-policy")).startsWith("At least 12 characters");

		HttpResponse<String> refused = session.submit(form, "/account/password", Map.of("currentPassword",
				"not-my-password", "newPassword", NEW_PASSWORD, "confirmation", NEW_PASSWORD));

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(refused, "currentPassword-error"))
			.isEqualTo("This is not your current password");
		assertThat(refused.body()).doesNotContain(NEW_PASSWORD).doesNotContain("not-my-password");
		assertThat(ConsoleSession.canSignIn(baseUrl(), username, TestUsers.PASSWORD)).isTrue();
		assertThat(ConsoleSession.canSignIn(baseUrl(), username, NEW_PASSWORD)).isFalse();
	}

	@Test
	void passwordChangeWhenNewPasswordBreaksThePolicyOrItsConfirmationDiffersThenRefusedNextToTheField() {
		String username = this.users.create();
		ConsoleSession session = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);
		HttpResponse<String> form = session.browse("/account/password");

		HttpResponse<String> tooShort = session.submit(form, "/account/password",
				Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", "short", "confirmation", "short"));
		HttpResponse<String> tooLong = session.submit(form, "/account/password", Map.of("currentPassword",
				TestUsers.PASSWORD, "newPassword", "x".repeat(73), "confirmation", "x".repeat(73)));
		HttpResponse<String> mismatch = session.submit(form, "/account/password", Map.of("currentPassword",
				TestUsers.PASSWORD, "newPassword", NEW_PASSWORD, "confirmation", NEW_PASSWORD + "!"));

		assertThat(ConsoleSession.requiredText(tooShort, "newPassword-error")).isEqualTo("Use at least 12 characters");
		assertThat(ConsoleSession.requiredText(tooLong, "newPassword-error")).startsWith("Use at most 72 bytes");
		assertThat(ConsoleSession.requiredText(mismatch, "confirmation-error"))
			.isEqualTo("Type the same password twice");
		assertThat(ConsoleSession.canSignIn(baseUrl(), username, TestUsers.PASSWORD)).isTrue();
	}

	@Test
	void passwordChangeWhenAcceptedThenTheNewPasswordWorksAndTheOtherSessionsEndedInTheDatabase() {
		String username = this.users.create();
		ConsoleSession other = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);
		ConsoleSession session = ConsoleSession.signIn(baseUrl(), username, TestUsers.PASSWORD);
		assertThat(sessionsInDatabase(username)).isEqualTo(2);
		HttpResponse<String> form = session.browse("/account/password");

		HttpResponse<String> changed = session.submitAndFollow(form, "/account/password", Map.of("currentPassword",
				TestUsers.PASSWORD, "newPassword", NEW_PASSWORD, "confirmation", NEW_PASSWORD));

		assertThat(ConsoleSession.requiredText(changed, "notice"))
			.startsWith("Password changed. Signed out of 1 other");
		assertThat(sessionsInDatabase(username)).as("this session only").isEqualTo(1);
		assertThat(session.browse("/account").statusCode()).as("this session goes on").isEqualTo(200);
		HttpResponse<String> ended = other.browse("/account");
		assertThat(ended.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(ended).getPath()).isEqualTo("/login");
		assertThat(ConsoleSession.canSignIn(baseUrl(), username, TestUsers.PASSWORD)).isFalse();
		assertThat(ConsoleSession.canSignIn(baseUrl(), username, NEW_PASSWORD)).isTrue();
		AccountRecoveryTests.awaitAuditEvents(this.jdbc, username, "PASSWORD_CHANGED", 1);
		assertThat(this.jdbc.sql("SELECT password_hash FROM user_account WHERE username = ?")
			.param(username)
			.query(String.class)
			.single()).startsWith("{bcrypt}").doesNotContain(NEW_PASSWORD);
	}

	@Test
	void mailPagesWhenMailIsNotConfiguredThenNotFoundAndNotLinkedFromTheLoginPage() {
		HttpExchange browser = HttpExchange.to(baseUrl());

		HttpResponse<String> login = browser.browse("/login");

		assertThat(ConsoleSession.text(login, "forgot-password")).isEmpty();
		assertThat(ConsoleSession.text(login, "register-link")).isEmpty();
		for (String path : new String[] { "/password-reset", "/password-reset/new?token=anything", "/register",
				"/email-verification?token=anything" }) {
			HttpResponse<String> page = browser.browse(path);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).as(path).doesNotContain("Exception");
		}
		HttpResponse<String> posted = browser.postForm("/password-reset",
				Map.of("email", "someone@example.com", "_csrf", HttpExchange.csrfToken(login)));
		assertThat(posted.statusCode()).isEqualTo(404);
	}

	private Map<String, Object> row(String username) {
		return this.jdbc.sql("SELECT display_name, email, email_verified FROM user_account WHERE username = ?")
			.param(username)
			.query()
			.singleRow();
	}

	private long sessionsInDatabase(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	private String baseUrl() {
		return this.issuer;
	}

}
