package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A browser session in the admin console over real HTTP: signed in through the login
 * form, submitting the console's forms with the CSRF token of the page that holds them,
 * and reading what the pages show by element id.
 */
public final class ConsoleSession {

	private final HttpExchange browser;

	private ConsoleSession(HttpExchange browser) {
		this.browser = browser;
	}

	/** Signs in at {@code /login} and asserts that the sign-in succeeded. */
	public static ConsoleSession signIn(String baseUrl, String username, String password) {
		HttpExchange browser = HttpExchange.to(baseUrl);
		HttpResponse<String> loggedIn = postLogin(browser, username, password);
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(loggedIn).getQuery()).as("login refused for " + username).isNull();
		return new ConsoleSession(browser);
	}

	/** Signs in as the demo data's administrator, {@link TestClients#ADMIN}. */
	public static ConsoleSession signInAsAdmin(String baseUrl) {
		return signIn(baseUrl, TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
	}

	/**
	 * Whether the login form accepts the credentials: it redirects to
	 * {@code /login?error} when it does not.
	 */
	public static boolean canSignIn(String baseUrl, String username, String password) {
		HttpResponse<String> loggedIn = postLogin(HttpExchange.to(baseUrl), username, password);
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		return HttpExchange.location(loggedIn).getQuery() == null;
	}

	public HttpResponse<String> browse(String path) {
		return this.browser.browse(path);
	}

	public HttpResponse<String> follow(HttpResponse<String> redirect) {
		return this.browser.follow(redirect);
	}

	/**
	 * Posts a form of {@code page} to {@code action}, with the CSRF field the page
	 * carries.
	 */
	public HttpResponse<String> submit(HttpResponse<String> page, String action, Map<String, ?> fields) {
		assertThat(page.statusCode()).as("form page " + page.uri()).isEqualTo(200);
		Map<String, Object> form = new LinkedHashMap<>(fields);
		form.put("_csrf", HttpExchange.csrfToken(page));
		return this.browser.postForm(action, form);
	}

	/** Posts these fields as they are, without the CSRF field, as a forged form would. */
	public HttpResponse<String> post(String action, Map<String, ?> fields) {
		return this.browser.postForm(action, fields);
	}

	/**
	 * Submits a form and follows the redirect that a successful console action answers
	 * with.
	 */
	public HttpResponse<String> submitAndFollow(HttpResponse<String> page, String action, Map<String, ?> fields) {
		HttpResponse<String> response = submit(page, action, fields);
		assertThat(response.statusCode()).as("answer to " + action + ": " + response.body()).isEqualTo(302);
		return follow(response);
	}

	/** The text of the element with this id, unescaped, when the page has it. */
	public static Optional<String> text(HttpResponse<String> page, String id) {
		return HtmlDocuments.text(page, id);
	}

	/** The text of the element with this id; fails when the page has no such element. */
	public static String requiredText(HttpResponse<String> page, String id) {
		return text(page, id).orElseThrow(() -> new AssertionError("No element #" + id + " in " + page.uri()));
	}

	private static HttpResponse<String> postLogin(HttpExchange browser, String username, String password) {
		HttpResponse<String> loginPage = browser.browse("/login");
		return browser.postForm("/login",
				Map.of("username", username, "password", password, "_csrf", HttpExchange.csrfToken(loginPage)));
	}

}
