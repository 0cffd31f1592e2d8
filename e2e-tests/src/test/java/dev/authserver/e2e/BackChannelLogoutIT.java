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
			// The admin, whom no other test signs in to the client demo: the demo user's
			// consent stays BrowserSignInIT's to give.
			browser.type("input[name=username]", RunningSystem.ADMIN);
			browser.type("input[name=password]", RunningSystem.ADMIN_PASSWORD);
			browser.click("#submit-login");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/oauth2/consent");
			browser.click("#submit-consent");
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(browser.text("#user-name")).isEqualTo("Administrator");

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
