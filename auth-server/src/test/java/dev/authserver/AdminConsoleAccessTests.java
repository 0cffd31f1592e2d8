package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.authserver.keys.SigningKeyRing;
import dev.authserver.users.JdbcUserAccountRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Who may use the admin console: every page needs a signed-in ADMIN, other users get the
 * friendly 403 page and anonymous visitors the login page; every change needs the CSRF
 * token. The pages themselves keep the strict Content-Security-Policy: no inline script,
 * style or event handler. A refused request never creates or replaces a session: a forged
 * post from another site must not sign the administrator out.
 */
@AuthServerTest
class AdminConsoleAccessTests {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Autowired
	SigningKeyRing signingKeys;

	@ParameterizedTest
	@ValueSource(strings = { "/admin/clients", "/admin/clients?q=demo", "/admin/clients/new", "/admin/clients/demo-web",
			"/admin/clients/demo-web/edit", "/admin/clients/demo-web/delete", "/admin/users", "/admin/users/new",
			"/admin/users/demo", "/admin/initial-access-tokens", "/admin/keys", "/admin/audit" })
	void consolePageWhenAdminThenShownWithTheNavigationAndTheStrictContentSecurityPolicy(String page) {
		HttpResponse<String> response = ConsoleSession.signInAsAdmin(this.issuer).browse(page);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(CONTENT_SECURITY_POLICY);
		assertThat(response.body()).contains("class=\"admin-nav\"")
			.contains("aria-current=\"page\"")
			.contains("id=\"nav-clients\"")
			.contains("id=\"nav-users\"")
			.contains("id=\"nav-initial-access-tokens\"")
			.contains("id=\"nav-keys\"")
			.doesNotContain("<script")
			.doesNotContain("<style")
			.doesNotContain("style=")
			.doesNotContainPattern("\\son[a-z]+=");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/clients", "/admin/clients/new", "/admin/clients/demo-web",
			"/admin/clients/demo-web/edit", "/admin/clients/demo-web/delete", "/admin/users", "/admin/users/new",
			"/admin/users/demo", "/admin/initial-access-tokens", "/admin/keys", "/admin/audit" })
	void consolePageWhenUserIsNotAnAdminThenForbiddenPage(String page) {
		HttpResponse<String> response = ConsoleSession
			.signIn(this.issuer, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD)
			.browse(page);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("Access denied").doesNotContain("Exception").doesNotContain("demo-web");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/clients", "/admin/clients/new", "/admin/clients/demo-web", "/admin/users",
			"/admin/users/demo", "/admin/initial-access-tokens", "/admin/keys", "/admin/audit" })
	void consolePageWhenAnonymousThenLoginPage(String page) {
		HttpResponse<String> response = HttpExchange.to(this.issuer).browse(page);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(response).getPath()).isEqualTo("/login");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/users", "/admin/clients", "/admin/initial-access-tokens",
			"/admin/users/demo/disable", "/admin/users/demo/roles", "/admin/users/demo/generated-password",
			"/admin/clients/demo-m2m/disable", "/admin/clients/demo-m2m/secret-rotation",
			"/admin/clients/demo-m2m/delete" })
	void consoleChangeWhenUserIsNotAnAdminThenForbiddenAndNothingChanges(String action) {
		ConsoleSession user = ConsoleSession.signIn(this.issuer, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);

		HttpResponse<String> response = user.submit(user.browse("/"), action, Map.of("username", "intruder",
				"displayName", "Intruder", "password", "intruder-password", "roles", "ADMIN"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertUnchanged();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/clients/demo-m2m/disable", "/admin/users/demo/disable" })
	void consoleChangeWhenAnonymousThenLoginPageAndNothingChanges(String action) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		String csrf = HttpExchange.csrfToken(browser.browse("/login"));

		HttpResponse<String> response = browser.postForm(action, Map.of("_csrf", csrf));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(response).getPath()).isEqualTo("/login");
		assertUnchanged();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/admin/clients/demo-m2m/disable", "/admin/users/demo/disable" })
	void consoleChangeWhenCsrfTokenIsMissingThenRefusedAndNothingChanges(String action) {
		HttpExchange admin = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = admin.browse("/login");
		admin.postForm("/login", Map.of("username", TestClients.ADMIN, "password", TestClients.ADMIN_PASSWORD, "_csrf",
				HttpExchange.csrfToken(loginPage)));
		assertThat(admin.browse("/admin/clients").statusCode()).isEqualTo(200);

		HttpResponse<String> response = admin.postForm(action, Map.of());

		assertThat(response.statusCode()).isEqualTo(403);
		assertUnchanged();
	}

	@Test
	void consoleChangeWhenPostedFromAnotherSiteThenForbiddenWithoutSessionCookieAndTheAdminStaysSignedIn() {
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		String activeKid = this.signingKeys.activeKid();

		// A browser sends no SameSite=Lax cookie with another site's post; a new session
		// cookie in the answer would replace the administrator's.
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postForm("/admin/keys/rotation", Map.of(), "Origin", "https://attacker.example", "Sec-Fetch-Site",
					"cross-site");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.signingKeys.activeKid()).isEqualTo(activeKid);
		assertThat(admin.browse("/admin/keys").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "forged-csrf-token" })
	void consoleChangeWhenCsrfTokenIsMissingOrWrongThenForbiddenAndTheAdminSessionStays(String csrfToken) {
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);
		String activeKid = this.signingKeys.activeKid();

		HttpResponse<String> response = admin.post("/admin/keys/rotation",
				csrfToken.isEmpty() ? Map.of() : Map.of("_csrf", csrfToken));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(this.signingKeys.activeKid()).isEqualTo(activeKid);
		assertThat(admin.browse("/admin/keys").statusCode()).isEqualTo(200);
	}

	/**
	 * Refusals of a visitor without a session: each answers without a session cookie, so
	 * nothing replaces the cookie of the visitor's real session and no session is stored.
	 */
	@ParameterizedTest
	@CsvSource({ "POST, /admin/keys/rotation, '', 403", "POST, /admin/keys/rotation, _csrf=forged-csrf-token, 403",
			"POST, /login, username=admin&password=guess, 403", "POST, /logout, '', 403",
			"GET, /oauth2/authorize?response_type=code&client_id=unknown-client, '', 400",
			"POST, /oauth2/token, grant_type=client_credentials, 401", "GET, /admin/api/clients, '', 401" })
	void requestWhenRefusedThenNoSessionCookie(String method, String path, String form, int status) {
		HttpExchange browser = HttpExchange.to(this.issuer);

		Map<String, String> fields = form.isEmpty() ? Map.of() : HttpExchange.queryParameters(URI.create("?" + form));

		HttpResponse<String> response = method.equals("GET") ? browser.browse(path) : browser.postForm(path, fields);

		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	/**
	 * The demo user and the machine client are as they were: nobody disabled, renamed or
	 * replaced them.
	 */
	private void assertUnchanged() {
		assertThat(this.accounts.exists("intruder")).isFalse();
		assertThat(this.accounts.findByUsername(TestClients.DEMO_USER)).hasValueSatisfying((account) -> {
			assertThat(account.enabled()).isTrue();
			assertThat(account.roles()).containsExactly("USER");
		});
		assertThat(ConsoleSession.canSignIn(this.issuer, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD))
			.isTrue();
		assertThat(HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"),
					TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET)
			.statusCode()).isEqualTo(200);
	}

}
