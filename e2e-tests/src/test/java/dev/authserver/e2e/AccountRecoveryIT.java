package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import dev.authserver.testsupport.TestMailServer.Mail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person in Chromium registers an account, confirms it from the mail that reaches the
 * SMTP server (GreenMail), forgets the password, sets a new one through the mailed link,
 * and signs in to the client demo with it; the link does not work a second time.
 */
@ExtendWith(RunningSystem.class)
class AccountRecoveryIT {

	private static final Duration MAIL_WAIT = Duration.ofSeconds(30);

	@Test
	void forgottenPasswordWhenTheMailedLinkIsFollowedThenTheNewPasswordSignsInToTheClientDemoAndTheLinkIsSpent() {
		String username = "grace-" + UUID.randomUUID().toString().substring(0, 8);
		String email = username + "@example.net";
		String firstPassword = "first-password-of-grace";
		String newPassword = "new-password-after-reset";
		try (Browser browser = Browser.open()) {
			browser.go(RunningSystem.authServerUrl() + "/login");
			browser.click("#register-link");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/register");
			browser.type("#username", username);
			browser.type("#displayName", "Grace Hopper");
			browser.type("#email", email);
			browser.type("#newPassword", firstPassword);
			browser.type("#confirmation", firstPassword);
			browser.screenshot("account-01-register");
			browser.click("#register");
			assertThat(browser.text("#registered-email")).isEqualTo(email);

			Mail confirmation = RunningSystem.mail().awaitMail(email, 1, MAIL_WAIT);
			browser.go(confirmation.link());
			browser.click("#confirm-email");
			assertThat(browser.text("#account-active")).contains(username);

			browser.go(RunningSystem.authServerUrl() + "/login");
			browser.click("#forgot-password");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/password-reset");
			browser.type("#email", email);
			browser.click("#send-reset-link");
			assertThat(browser.text("#reset-sent")).startsWith("If an account has this address");
			browser.screenshot("account-02-reset-requested");

			Mail reset = RunningSystem.mail().awaitMail(email, 2, MAIL_WAIT);
			assertThat(reset.subject()).isEqualTo("Reset your password");
			String link = reset.link();
			browser.go(link);
			browser.type("#newPassword", newPassword);
			browser.type("#confirmation", newPassword);
			browser.screenshot("account-03-new-password");
			browser.click("#set-password");
			assertThat(browser.text("#password-reset-message")).startsWith("Your password is changed");

			ConsoleUsers.signInToClientDemo(browser, username, newPassword);
			assertThat(browser.text("#user-name")).isEqualTo("Grace Hopper");
			browser.screenshot("account-04-signed-in-with-new-password");

			browser.go(link);
			assertThat(browser.text("#link-refused")).isEqualTo("This link no longer works");
			browser.screenshot("account-05-link-spent");
		}
	}

}
