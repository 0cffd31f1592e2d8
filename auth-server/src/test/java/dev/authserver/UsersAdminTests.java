package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authserver.users.JdbcUserAccountRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admin console's user pages, driven through the real login and forms: whom an admin
 * creates, disables, gives a password or a role there is who can then sign in, and with
 * what.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class UsersAdminTests {

	private static final String PASSWORD = "a-long-test-password";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Autowired
	JdbcClient jdbc;

	ConsoleSession admin;

	@BeforeEach
	void signInAsAdmin() {
		this.admin = ConsoleSession.signInAsAdmin(this.issuer);
	}

	@Test
	void createWhenValidThenTheUserCanSignInWithThatPassword() {
		String username = newUsername();

		HttpResponse<String> page = create(username, "USER");

		assertThat(ConsoleSession.requiredText(page, "notice")).isEqualTo("User created: they can sign in now.");
		assertThat(ConsoleSession.requiredText(page, "username")).isEqualTo(username);
		assertThat(ConsoleSession.canSignIn(this.issuer, username, PASSWORD)).isTrue();
		assertThat(this.accounts.findByUsername(username)).hasValueSatisfying((account) -> {
			assertThat(account.displayName()).isEqualTo("Test " + username);
			assertThat(account.email()).isEqualTo(username + "@example.com");
			assertThat(account.roles()).containsExactly("USER");
			assertThat(account.passwordHash()).startsWith("{bcrypt}").doesNotContain(PASSWORD);
		});
		assertThat(this.admin.browse("/admin/users").body()).contains("data-username=\"" + username + "\"");
	}

	@Test
	void createWhenFieldsAreInvalidThenEachErrorIsShownNextToItsFieldAndTheTypedValuesAreKept() {
		String username = newUsername();
		HttpResponse<String> form = this.admin.browse("/admin/users/new");

		HttpResponse<String> page = this.admin.submit(form, "/admin/users", Map.of("username", username, "displayName",
				"", "email", "not-an-email", "password", "too-short", "_roles", "on"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "displayName-error"))
			.isEqualTo("Enter the name to show for this user");
		assertThat(ConsoleSession.requiredText(page, "email-error"))
			.isEqualTo("Enter an email address, or leave it empty");
		assertThat(ConsoleSession.requiredText(page, "password-error")).isEqualTo("Use at least 12 characters");
		assertThat(ConsoleSession.requiredText(page, "roles-error")).isEqualTo("Choose at least one role");
		assertThat(page.body()).contains("value=\"" + username + "\"")
			.contains("value=\"not-an-email\"")
			.doesNotContain("too-short")
			.doesNotContain("id=\"username-error\"");
		assertThat(this.accounts.exists(username)).isFalse();
	}

	@Test
	void createWhenUsernameIsTakenThenTheErrorIsShownNextToTheUsername() {
		HttpResponse<String> form = this.admin.browse("/admin/users/new");

		HttpResponse<String> page = this.admin.submit(form, "/admin/users", Map.of("username", TestClients.DEMO_USER,
				"displayName", "Impostor", "password", PASSWORD, "roles", "USER"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "username-error")).isEqualTo("This username is taken");
		assertThat(ConsoleSession.canSignIn(this.issuer, TestClients.DEMO_USER, PASSWORD)).isFalse();
	}

	@Test
	void disableWhenDoneThenTheUserCannotSignInUntilEnabledAgain() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");

		HttpResponse<String> disabled = this.admin.submitAndFollow(userPage, "/admin/users/" + username + "/disable",
				Map.of());

		assertThat(ConsoleSession.requiredText(disabled, "user-state")).isEqualTo("disabled");
		assertThat(ConsoleSession.requiredText(disabled, "notice")).startsWith("User disabled");
		assertThat(ConsoleSession.canSignIn(this.issuer, username, PASSWORD)).isFalse();

		HttpResponse<String> enabled = this.admin.submitAndFollow(disabled, "/admin/users/" + username + "/enable",
				Map.of());

		assertThat(ConsoleSession.requiredText(enabled, "user-state")).isEqualTo("enabled");
		assertThat(ConsoleSession.canSignIn(this.issuer, username, PASSWORD)).isTrue();
	}

	@Test
	void resetPasswordWhenTheAdminTypesOneThenOnlyTheNewPasswordWorks() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");

		HttpResponse<String> page = this.admin.submitAndFollow(userPage, "/admin/users/" + username + "/password",
				Map.of("password", "another-long-password"));

		assertThat(ConsoleSession.requiredText(page, "notice")).startsWith("Password changed");
		assertThat(ConsoleSession.canSignIn(this.issuer, username, PASSWORD)).isFalse();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, "another-long-password")).isTrue();
	}

	@Test
	void disableWhenTheUserIsSignedInAndHoldsTokensThenTheirSessionsEndAndTheirTokensAreRevoked() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");
		ConsoleSession userSession = ConsoleSession.signIn(this.issuer, username, PASSWORD);
		String accessToken = webClientAccessToken(username, PASSWORD);
		assertThat(userSession.browse("/").statusCode()).isEqualTo(200);
		assertThat(introspect(accessToken)).containsEntry("active", true);

		HttpResponse<String> page = this.admin.submitAndFollow(userPage, "/admin/users/" + username + "/disable",
				Map.of());

		assertThat(ConsoleSession.requiredText(page, "notice")).isEqualTo("User disabled: they cannot sign in any "
				+ "more. Signed the user out of 2 sessions and revoked the tokens of 1 client authorization.");
		assertSignedOut(userSession);
		assertThat(sessionsOf(username)).isZero();
		assertThat(introspect(accessToken)).containsEntry("active", false);
	}

	@Test
	void resetPasswordWhenTheUserIsSignedInAndHoldsTokensThenTheirSessionsEndAndTheirTokensAreRevoked() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");
		ConsoleSession userSession = ConsoleSession.signIn(this.issuer, username, PASSWORD);
		String accessToken = webClientAccessToken(username, PASSWORD);

		HttpResponse<String> page = this.admin.submitAndFollow(userPage, "/admin/users/" + username + "/password",
				Map.of("password", "another-long-password"));

		assertThat(ConsoleSession.requiredText(page, "notice")).isEqualTo("Password changed: the old one no longer "
				+ "works. Signed the user out of 2 sessions and revoked the tokens of 1 client authorization.");
		assertSignedOut(userSession);
		assertThat(sessionsOf(username)).isZero();
		assertThat(introspect(accessToken)).containsEntry("active", false);
	}

	@Test
	void resetPasswordWhenAnAdminResetsTheirOwnThenTheirOtherSessionsEndButThisOneStays() {
		String otherAdmin = newUsername();
		create(otherAdmin, "USER", "ADMIN");
		ConsoleSession elsewhere = ConsoleSession.signIn(this.issuer, otherAdmin, PASSWORD);
		ConsoleSession here = ConsoleSession.signIn(this.issuer, otherAdmin, PASSWORD);
		HttpResponse<String> ownPage = here.browse("/admin/users/" + otherAdmin);

		HttpResponse<String> page = here.submitAndFollow(ownPage, "/admin/users/" + otherAdmin + "/password",
				Map.of("password", "another-long-password"));

		assertThat(ConsoleSession.requiredText(page, "notice")).contains("Signed the user out of 1 session");
		assertThat(here.browse("/admin/users").statusCode()).isEqualTo(200);
		assertSignedOut(elsewhere);
		assertThat(sessionsOf(otherAdmin)).isOne();
	}

	@Test
	void rolesWhenTheAdminRoleIsTakenAwayThenTheUsersOpenSessionsLoseTheConsoleAndTheirTokensStay() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER", "ADMIN");
		ConsoleSession userSession = ConsoleSession.signIn(this.issuer, username, PASSWORD);
		assertThat(userSession.browse("/admin/users").statusCode()).isEqualTo(200);
		String accessToken = webClientAccessToken(username, PASSWORD);

		HttpResponse<String> page = this.admin.submitAndFollow(userPage, "/admin/users/" + username + "/roles",
				Map.of("roles", "USER"));

		assertThat(ConsoleSession.requiredText(page, "notice"))
			.isEqualTo("Roles saved: signed the user out of 2 sessions, so the removed roles no longer apply.");
		assertSignedOut(userSession);
		assertThat(sessionsOf(username)).isZero();
		assertThat(introspect(accessToken)).as("tokens carry scopes, not roles").containsEntry("active", true);
	}

	@Test
	void resetPasswordWhenTooShortThenTheErrorIsShownNextToTheFieldAndThePasswordIsUnchanged() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");

		HttpResponse<String> page = this.admin.submit(userPage, "/admin/users/" + username + "/password",
				Map.of("password", "short"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "password-error")).isEqualTo("Use at least 12 characters");
		assertThat(ConsoleSession.canSignIn(this.issuer, username, PASSWORD)).isTrue();
	}

	@Test
	void generatePasswordWhenDoneThenItIsShownOnceAndWorks() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");

		HttpResponse<String> page = this.admin.submit(userPage, "/admin/users/" + username + "/generated-password",
				Map.of());

		assertThat(page.statusCode()).isEqualTo(200);
		String generated = ConsoleSession.requiredText(page, "generated-password");
		StoredSessionAttributes.assertNoneContains(this.jdbc, generated);
		assertThat(generated).hasSizeGreaterThanOrEqualTo(12);
		assertThat(page.body()).contains("it is not shown again");
		assertThat(ConsoleSession.canSignIn(this.issuer, username, generated)).isTrue();
		assertThat(ConsoleSession.canSignIn(this.issuer, username, PASSWORD)).isFalse();
		assertThat(this.admin.browse("/admin/users/" + username).body()).doesNotContain(generated);
	}

	@Test
	void rolesWhenAdminIsGrantedThenTheUserCanOpenTheConsoleAndWhenTakenAwayCannot() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");
		assertThat(ConsoleSession.signIn(this.issuer, username, PASSWORD).browse("/admin/users").statusCode())
			.isEqualTo(403);

		HttpResponse<String> granted = this.admin.submitAndFollow(userPage, "/admin/users/" + username + "/roles",
				Map.of("roles", List.of("USER", "ADMIN")));

		assertThat(ConsoleSession.requiredText(granted, "notice")).startsWith("Roles saved");
		assertThat(this.accounts.findByUsername(username).orElseThrow().roles()).containsExactlyInAnyOrder("USER",
				"ADMIN");
		assertThat(ConsoleSession.signIn(this.issuer, username, PASSWORD).browse("/admin/users").statusCode())
			.isEqualTo(200);

		this.admin.submitAndFollow(granted, "/admin/users/" + username + "/roles", Map.of("roles", "USER"));

		assertThat(ConsoleSession.signIn(this.issuer, username, PASSWORD).browse("/admin/users").statusCode())
			.isEqualTo(403);
	}

	@Test
	void rolesWhenNoneIsChosenThenTheErrorIsShownNextToTheRoles() {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");

		HttpResponse<String> page = this.admin.submit(userPage, "/admin/users/" + username + "/roles",
				Map.of("_roles", "on"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "roles-error")).isEqualTo("Choose at least one role");
		assertThat(this.accounts.findByUsername(username).orElseThrow().roles()).containsExactly("USER");
	}

	@Test
	void rolesWhenAnAdminTakesTheirOwnAdminRoleAwayThenRefusedWithAMessage() {
		String otherAdmin = newUsername();
		create(otherAdmin, "USER", "ADMIN");
		ConsoleSession session = ConsoleSession.signIn(this.issuer, otherAdmin, PASSWORD);
		HttpResponse<String> ownPage = session.browse("/admin/users/" + otherAdmin);
		assertThat(ownPage.body()).contains("id=\"self-notice\"");

		HttpResponse<String> page = session.submit(ownPage, "/admin/users/" + otherAdmin + "/roles",
				Map.of("roles", "USER"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "roles-error"))
			.startsWith("You cannot take the ADMIN role away from your own account");
		assertThat(this.accounts.findByUsername(otherAdmin).orElseThrow().roles()).contains("ADMIN");
		assertThat(ConsoleSession.signIn(this.issuer, otherAdmin, PASSWORD).browse("/admin/users").statusCode())
			.isEqualTo(200);
	}

	@Test
	void disableWhenAnAdminDisablesTheirOwnAccountThenRefusedWithAMessage() {
		String otherAdmin = newUsername();
		create(otherAdmin, "USER", "ADMIN");
		ConsoleSession session = ConsoleSession.signIn(this.issuer, otherAdmin, PASSWORD);
		HttpResponse<String> ownPage = session.browse("/admin/users/" + otherAdmin);

		HttpResponse<String> page = session.submitAndFollow(ownPage, "/admin/users/" + otherAdmin + "/disable",
				Map.of());

		assertThat(ConsoleSession.requiredText(page, "warning"))
			.isEqualTo("You cannot disable your own account: another admin has to do that.");
		assertThat(ConsoleSession.requiredText(page, "user-state")).isEqualTo("enabled");
		assertThat(ConsoleSession.canSignIn(this.issuer, otherAdmin, PASSWORD)).isTrue();
	}

	@Test
	void listWhenSearchingThenOnlyMatchingUsersAreShown() {
		String username = newUsername();
		create(username, "USER");

		HttpResponse<String> page = this.admin.browse("/admin/users?q=" + username.toUpperCase());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-username=\"" + username + "\"")
			.doesNotContain("data-username=\"" + TestClients.DEMO_USER + "\"")
			.contains("id=\"search\"");
		assertThat(this.admin.browse("/admin/users?q=example.com").body())
			.contains("data-username=\"" + TestClients.DEMO_USER + "\"");
	}

	@Test
	void unknownUserWhenRequestedThenNotFound() {
		assertThat(this.admin.browse("/admin/users/no-such-user").statusCode()).isEqualTo(404);
	}

	@Test
	void adminActionsWhenPerformedThenLoggedWithTheAdminButNeverWithThePassword(CapturedOutput output) {
		String username = newUsername();
		HttpResponse<String> userPage = create(username, "USER");
		HttpResponse<String> generated = this.admin.submit(userPage, "/admin/users/" + username + "/generated-password",
				Map.of());

		assertThat(output.getOut())
			.contains("User " + username + " created with roles [USER] by admin " + TestClients.ADMIN)
			.contains("Password of user " + username + " reset to a generated one by admin " + TestClients.ADMIN)
			.doesNotContain(PASSWORD)
			.doesNotContain(ConsoleSession.requiredText(generated, "generated-password"));
	}

	private HttpResponse<String> create(String username, String... roles) {
		HttpResponse<String> form = this.admin.browse("/admin/users/new");
		assertThat(form.body()).contains("id=\"create-user\"");
		return this.admin.submitAndFollow(form, "/admin/users", Map.of("username", username, "displayName",
				"Test " + username, "email", username + "@example.com", "password", PASSWORD, "roles", List.of(roles)));
	}

	/**
	 * Signs the user in to the demo web client, in a browser of its own, and returns the
	 * access token it gets.
	 */
	private String webClientAccessToken(String username, String password) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(HttpExchange.to(this.issuer), TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
					"openid message.read")
			.signInAndConsent("state", pkce, username, password);
		HttpResponse<String> token = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "authorization_code", "code",
							HttpExchange.queryParameters(callback).get("code"), "redirect_uri",
							TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier()),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(token.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(token).get("access_token");
	}

	private Map<String, Object> introspect(String token) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/introspect", Map.of("token", token), TestClients.WEB_CLIENT_ID,
					TestClients.WEB_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	/** A signed-out browser is sent to the login form. */
	private static void assertSignedOut(ConsoleSession session) {
		HttpResponse<String> home = session.browse("/");
		assertThat(home.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(home).getPath()).isEqualTo("/login");
	}

	private long sessionsOf(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE principal_name = :username")
			.param("username", username)
			.query(Long.class)
			.single();
	}

	private static String newUsername() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
