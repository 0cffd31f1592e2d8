package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenID Connect Back-Channel Logout end to end: a person signed in to the client demo
 * signs out at the auth-server itself, and the client demo's session ends as well, by the
 * logout token the auth-server posts to it (Spring Security's
 * {@code oidcLogout().backChannel()} on the client side).
 */
@ExtendWith(RunningSystem.class)
class BackChannelLogoutIT {

	@Test
	void signOutWhenTheUserSignsOutAtTheAuthServerThenTheClientDemosSessionEndsToo() {
		try (Browser browser = Browser.open()) {
			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.click("#sign-in");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			browser.type("input[name=username]", RunningSystem.DEMO_USER);
			browser.type("input[name=password]", RunningSystem.DEMO_USER_PASSWORD);
			browser.click("#submit-login");
			// Another test may have consented for the demo user already.
			if (browser.currentUrl().startsWith(RunningSystem.authServerUrl() + "/oauth2/consent")) {
				browser.click("#submit-consent");
			}
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(browser.text("#user-name")).isEqualTo("Demo User");

			browser.go(RunningSystem.authServerUrl() + "/");
			browser.click("#sign-out");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");

			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.reloadUntilPresent("#sign-in", Duration.ofSeconds(20));
			assertThat(browser.find("#sign-in").isDisplayed()).isTrue();
			browser.screenshot("back-channel-logout-client-demo-signed-out");
		}
	}

}
