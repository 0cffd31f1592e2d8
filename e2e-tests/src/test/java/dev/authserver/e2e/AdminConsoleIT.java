package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * An administrator in a real browser registers a client in the admin console, copies the
 * secret the console shows once, and uses it at the token endpoint; rotating the secret
 * retires the old one. A user without the ADMIN role is turned away. Screenshots of the
 * console pages go under {@code target/screenshots}.
 */
@ExtendWith(RunningSystem.class)
class AdminConsoleIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void adminWhenRegisteringAClientThenTheShownSecretWorksUntilItIsRotated() throws Exception {
		try (Browser browser = Browser.open()) {
			signIn(browser, RunningSystem.ADMIN, RunningSystem.ADMIN_PASSWORD, "/admin/clients");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/admin/clients");
			assertThat(browser.find("#clients").getText()).contains("demo-m2m");
			browser.screenshot("09-console-clients");

			browser.click("#new-client");
			browser.type("#clientName", "Selenium reporting service");
			check(browser.find("input[name=grantTypes][value=authorization_code]"), false);
			check(browser.find("input[name=grantTypes][value=refresh_token]"), false);
			check(browser.find("input[name=grantTypes][value=client_credentials]"), true);
			new Select(browser.find("#tokenEndpointAuthMethod")).selectByValue("client_secret_basic");
			browser.find("#redirectUris").clear();
			browser.type("#scope", "message.read");
			browser.screenshot("10-console-register-client");
			browser.click("#register-client");

			String clientId = browser.text("#client-id");
			String secret = browser.text("#client-secret");
			browser.screenshot("11-console-client-secret");
			assertThat(tokenRequest(clientId, secret).statusCode()).isEqualTo(200);

			browser.click("#rotate-secret");
			browser.awaitTextOtherThan("#client-secret", secret);
			String rotated = browser.text("#client-secret");
			browser.screenshot("12-console-secret-rotated");
			assertThat(rotated).isNotEqualTo(secret);
			assertThat(tokenRequest(clientId, secret).statusCode()).as("the old secret").isEqualTo(401);
			assertThat(tokenRequest(clientId, rotated).statusCode()).as("the new secret").isEqualTo(200);
		}
	}

	@Test
	void userWithoutTheAdminRoleWhenOpeningTheConsoleThenAccessDenied() {
		try (Browser browser = Browser.open()) {
			signIn(browser, RunningSystem.DEMO_USER, RunningSystem.DEMO_USER_PASSWORD, "/admin/clients");

			assertThat(browser.text("#error-title")).isEqualTo("Access denied");
			assertThat(browser.pageSource()).doesNotContain("demo-m2m");
			browser.screenshot("13-console-forbidden");
		}
	}

	private static void signIn(Browser browser, String username, String password, String page) {
		browser.go(RunningSystem.authServerUrl() + page);
		browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
		browser.type("input[name=username]", username);
		browser.type("input[name=password]", password);
		browser.click("#submit-login");
	}

	private static void check(WebElement checkbox, boolean checked) {
		if (checkbox.isSelected() != checked) {
			checkbox.click();
		}
	}

	private HttpResponse<String> tokenRequest(String clientId, String secret) throws IOException, InterruptedException {
		String credentials = Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(URI.create(RunningSystem.authServerUrl() + "/oauth2/token"))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=message.read"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
