package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.authserver.testsupport.AuthenticatorApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One-time codes in a real browser: a user enrols on the auth-server's account page (the
 * test reads the key the page shows as text and computes the codes, as an authenticator
 * app would), signs out, and signs in to the client demo with the password and a code;
 * and a session that signed in with the password only before the enrolment, asked for a
 * second factor by the client demo's {@code acr_values}, gets the code step alone (a
 * step-up, no login form) and an ID token whose {@code acr} says so. Screenshots under
 * {@code target/screenshots}.
 */
@ExtendWith(RunningSystem.class)
class SecondFactorIT {

	private static final String PASSWORD = "e2e-second-factor-password";

	private static final String MFA_ACR = "urn:dev-authserver:acr:mfa";

	@Test
	void oneTimeCodesWhenEnrolledThenSignInAsksForACodeAndAPasswordSessionStepsUp() {
		String username = "otp-" + UUID.randomUUID().toString().substring(0, 8);
		createUser(username);
		try (Browser earlier = Browser.open(); Browser browser = Browser.open()) {
			// A session at the auth-server with the password only, from before the
			// enrolment.
			signInToClientDemo(earlier, username);
			earlier.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/oauth2/consent");
			earlier.click("#submit-consent");
			earlier.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(earlier.text("#id-token-claims")).doesNotContain(MFA_ACR);

			browser.go(RunningSystem.authServerUrl() + "/account/two-factor");
			signInAtLoginForm(browser, username);
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/account/two-factor");
			browser.click("#start-enrolment");
			assertThat(browser.find("#qr-code").getAttribute("src")).endsWith("/account/two-factor/qr-code.svg");
			AuthenticatorApp app = AuthenticatorApp.withKey(browser.text("#totp-secret"));
			browser.screenshot("40-two-factor-enrolment");
			// The code of the step before now, which the server still accepts: the next
			// two sign-ins use the current and the next step.
			Instant enrolledAt = Instant.now();
			browser.type("#code", app.codeAt(enrolledAt.minusSeconds(30)));
			browser.click("#confirm-enrolment");
			List<WebElement> recoveryCodes = browser.find("#recovery-codes").findElements(By.tagName("li"));
			assertThat(recoveryCodes).hasSize(10);
			assertThat(browser.text("#two-factor-state")).startsWith("On");
			browser.screenshot("41-two-factor-recovery-codes");
			browser.go(RunningSystem.authServerUrl() + "/");
			browser.signOutOfAuthServer();

			signInToClientDemo(browser, username);
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login/second-factor");
			assertThat(browser.find("#use-recovery-code").isDisplayed()).isTrue();
			browser.screenshot("42-second-factor-step");
			browser.type("#code", app.codeAt(enrolledAt));
			browser.click("#submit-code");
			// The user consented to the client demo in the earlier session.
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(browser.text("#id-token-claims")).contains(MFA_ACR).contains("otp");
			browser.screenshot("43-client-demo-signed-in-with-a-code");

			earlier.click("#step-up");
			earlier.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login/second-factor");
			assertThat(earlier.find("#code").isDisplayed()).isTrue();
			assertThat(earlier.pageSource()).as("the second step alone, not the password form")
				.doesNotContain("name=\"password\"");
			earlier.screenshot("44-step-up");
			earlier.type("#code", app.codeAt(enrolledAt.plusSeconds(30)));
			earlier.click("#submit-code");
			earlier.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(earlier.text("#id-token-claims")).contains(MFA_ACR);
			earlier.screenshot("45-client-demo-stepped-up");
		}
	}

	/** An admin creates the user in the console, so other tests' users keep no factor. */
	private static void createUser(String username) {
		try (Browser admin = Browser.open()) {
			admin.go(RunningSystem.authServerUrl() + "/admin/users/new");
			admin.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			admin.type("input[name=username]", RunningSystem.ADMIN);
			admin.type("input[name=password]", RunningSystem.ADMIN_PASSWORD);
			admin.click("#submit-login");
			admin.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/admin/users/new");
			admin.type("#username", username);
			admin.type("#displayName", "Otto Code");
			admin.type("#email", username + "@example.com");
			admin.type("#password", PASSWORD);
			admin.click("#create-user");
			admin.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/admin/users/" + username);
		}
	}

	private static void signInToClientDemo(Browser browser, String username) {
		browser.go(RunningSystem.clientDemoUrl() + "/");
		browser.click("#sign-in");
		browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
		signInAtLoginForm(browser, username);
	}

	private static void signInAtLoginForm(Browser browser, String username) {
		browser.type("input[name=username]", username);
		browser.type("input[name=password]", PASSWORD);
		browser.click("#submit-login");
	}

}
