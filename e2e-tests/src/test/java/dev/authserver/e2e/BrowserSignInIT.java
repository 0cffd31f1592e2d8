package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * A person in a real browser: signs in to the client demo through the auth-server's login
 * and consent pages, sees their name, calls the API and signs out again, with screenshots
 * of each main page under {@code target/screenshots}.
 */
@ExtendWith(RunningSystem.class)
class BrowserSignInIT {

	@Test
	void signInWhenUserConsentsThenSeesNameCallsApiAndSignsOut() {
		try (Browser browser = Browser.open()) {
			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.screenshot("01-client-demo-home");
			browser.click("#sign-in");

			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			browser.screenshot("02-auth-server-login");
			browser.type("input[name=username]", RunningSystem.DEMO_USER);
			browser.type("input[name=password]", RunningSystem.DEMO_USER_PASSWORD);
			browser.click("#submit-login");

			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/oauth2/consent");
			assertThat(browser.text("main")).contains("Client demo").contains("Read your messages");
			browser.screenshot("03-auth-server-consent");
			browser.click("#submit-consent");

			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(browser.text("#user-name")).isEqualTo("Demo User");
			assertThat(browser.text("#id-token-claims")).contains("preferred_username").contains("demo@example.com");
			browser.screenshot("04-client-demo-signed-in");

			browser.click("#call-api");
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/messages");
			assertThat(browser.text("#api-subject")).isEqualTo(RunningSystem.DEMO_USER);
			assertThat(browser.text("#api-kind")).isEqualTo("user");
			assertThat(browser.text("#token-type")).as("a DPoP-bound token, which the API accepts only with a proof")
				.isEqualTo("DPoP");
			assertThat(browser.find("#messages").findElements(By.tagName("li"))).isNotEmpty();
			browser.type("#text", "Hello from the browser test");
			browser.click("#post-message");
			assertThat(browser.text("#messages")).contains("Hello from the browser test");
			browser.screenshot("05-client-demo-messages");

			// Access tokens live 8 s here and the client refreshes one within 60 s of its
			// expiry, so a later call
			// goes out with a new token, obtained with the refresh token, and still gets
			// the messages.
			String issuedAt = browser.text("#token-issued-at");
			browser.reloadUntilTextChanges("#token-issued-at", issuedAt, Duration.ofSeconds(30));
			assertThat(browser.text("#messages")).contains("Hello from the browser test");
			assertThat(browser.text("#token-type")).as("refreshed with a proof too").isEqualTo("DPoP");

			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.click("#sign-out");
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(browser.find("#sign-in").isDisplayed()).isTrue();
			browser.screenshot("06-client-demo-signed-out");

			// The auth-server's session ended too: its pages ask for a login again.
			browser.go(RunningSystem.authServerUrl() + "/");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			assertThat(browser.find("input[name=username]").isDisplayed()).isTrue();
		}
	}

	@Test
	void signInWhenPasswordIsWrongThenLoginPageShowsError() {
		try (Browser browser = Browser.open()) {
			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.click("#sign-in");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			browser.type("input[name=username]", RunningSystem.DEMO_USER);
			browser.type("input[name=password]", "not-the-password");
			browser.click("#submit-login");

			assertThat(browser.text("#login-error")).startsWith("Invalid username or password.");
			assertThat(browser.currentUrl()).startsWith(RunningSystem.authServerUrl() + "/login");
			browser.screenshot("07-auth-server-login-error");
		}
	}

	@Test
	void signInWhenUserDeniesConsentThenFriendlyPage() {
		try (Browser browser = Browser.open()) {
			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.click("#sign-in");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			browser.type("input[name=username]", RunningSystem.SECOND_USER);
			browser.type("input[name=password]", RunningSystem.SECOND_USER_PASSWORD);
			browser.click("#submit-login");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/oauth2/consent");
			browser.click("#cancel-consent");

			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/sign-in-error");
			assertThat(browser.text("#error-title")).isEqualTo("You declined access");
			assertThat(browser.pageSource()).doesNotContain("Exception").doesNotContain("at org.");
			browser.screenshot("08-client-demo-consent-denied");
		}
	}

}
