package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The device authorization grant (RFC 8628) end to end in Chromium: the client demo's
 * device page shows a user code, the user enters it at the auth-server's verification
 * page (typed in lower case, with a space), signs in, approves, and the device page gets
 * the access token.
 */
@ExtendWith(RunningSystem.class)
class DeviceAuthorizationIT {

	@Test
	void deviceWhenTheUserEntersTheCodeAndApprovesThenTheDeviceGetsATokenForTheUser() {
		try (Browser browser = Browser.open()) {
			browser.go(RunningSystem.clientDemoUrl() + "/device");
			browser.click("#start-device");
			String userCode = browser.text("#device-user-code");
			assertThat(userCode).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
			String verificationUri = browser.find("#device-verification-uri").getAttribute("href");
			assertThat(verificationUri).isEqualTo(RunningSystem.authServerUrl() + "/oauth2/device_verification");
			browser.screenshot("device-01-client-demo-code");

			browser.go(verificationUri);
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			browser.type("input[name=username]", RunningSystem.DEMO_USER);
			browser.type("input[name=password]", RunningSystem.DEMO_USER_PASSWORD);
			browser.click("#submit-login");
			browser.awaitUrlStartingWith(verificationUri);
			browser.type("#user-code", userCode.toLowerCase(Locale.ROOT).replace('-', ' '));
			browser.screenshot("device-02-auth-server-enter-code");
			browser.click("#submit-user-code");

			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/device/consent");
			assertThat(browser.text("#device-client-name")).isEqualTo("Device demo");
			assertThat(browser.text("#device-user-code")).isEqualTo(userCode);
			assertThat(browser.text("main")).contains("Read your messages");
			browser.screenshot("device-03-auth-server-approve");
			browser.click("#approve-device");
			assertThat(browser.text("#device-result")).startsWith("Your device is connected");

			browser.go(RunningSystem.clientDemoUrl() + "/device");
			browser.reloadUntilPresent("#device-token-claims", Duration.ofSeconds(30));
			assertThat(browser.text("#device-result")).startsWith("Approved");
			assertThat(browser.text("#device-claim-sub")).isEqualTo(RunningSystem.DEMO_USER);
			assertThat(browser.text("#device-claim-client_id")).isEqualTo("demo-device");
			browser.screenshot("device-04-client-demo-token");
		}
	}

}
