package dev.authserver.e2e;

import java.util.UUID;

/**
 * Users of a test's own, so that the demo users' consents stay as the other tests expect
 * them: created in the admin console, and signed in to the client demo through the
 * auth-server's login and consent pages.
 */
final class ConsoleUsers {

	private ConsoleUsers() {
	}

	/**
	 * Creates a user with the role USER (the form's preselected one) as the admin, and
	 * signs the admin out again.
	 * @return the new user's username, {@code prefix} and a random part
	 */
	static String create(Browser browser, String prefix, String displayName, String password) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		browser.go(RunningSystem.authServerUrl() + "/login");
		browser.type("input[name=username]", RunningSystem.ADMIN);
		browser.type("input[name=password]", RunningSystem.ADMIN_PASSWORD);
		browser.click("#submit-login");
		// Going on before the sign-in has answered could abort it.
		browser.awaitUrlNotStartingWith(RunningSystem.authServerUrl() + "/login");
		browser.go(RunningSystem.authServerUrl() + "/admin/users/new");
		browser.type("#username", username);
		browser.type("#displayName", displayName);
		browser.type("#password", password);
		browser.click("#create-user");
		browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/admin/users/" + username);
		browser.signOutOfAuthServer();
		return username;
	}

	/**
	 * Signs the user in to the client demo and consents, which a user of a test's own is
	 * always asked for; ends on the client demo's home page.
	 */
	static void signInToClientDemo(Browser browser, String username, String password) {
		browser.go(RunningSystem.clientDemoUrl() + "/");
		browser.click("#sign-in");
		browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
		browser.type("input[name=username]", username);
		browser.type("input[name=password]", password);
		browser.click("#submit-login");
		browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/oauth2/consent");
		browser.click("#submit-consent");
		browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
	}

}
