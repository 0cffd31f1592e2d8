package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport;

/**
 * A new user registers a passkey on the auth-server's account page, signs out, and signs
 * in to the client demo with the passkey alone: Chromium's virtual authenticator
 * (resident keys, user verification) plays the device. The client demo's ID token then
 * says how: {@code amr} {@code hwk} and {@code user} (RFC 8176), {@code acr} {@code phr}.
 */
@ExtendWith(RunningSystem.class)
class PasskeysIT {

	private static final String PASSWORD = "e2e-passkey-user-password";

	@Test
	void passkeyWhenRegisteredOnTheAccountPageThenSignsInToTheClientDemoAlone() {
		try (Browser browser = Browser.open()) {
			VirtualAuthenticator authenticator = browser
				.addVirtualAuthenticator(new VirtualAuthenticatorOptions().setProtocol(Protocol.CTAP2)
					.setTransport(Transport.INTERNAL)
					.setHasResidentKey(true)
					.setHasUserVerification(true)
					.setIsUserVerified(true));

			String username = ConsoleUsers.create(browser, "passkey", "Passkey User", PASSWORD);
			browser.go(RunningSystem.authServerUrl() + "/login");
			browser.type("input[name=username]", username);
			browser.type("input[name=password]", PASSWORD);
			browser.click("#submit-login");
			browser.click("#passkeys");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/account/passkeys");
			browser.screenshot("passkeys-01-account-page");
			browser.type("#passkey-label", "E2E laptop");
			browser.click("#passkey-register");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/account/passkeys?registered");
			assertThat(browser.text("#passkeys")).contains("E2E laptop");
			assertThat(authenticator.getCredentials()).as("a discoverable credential on the authenticator")
				.singleElement()
				.satisfies((credential) -> assertThat(credential.isResidentCredential()).isTrue());
			browser.screenshot("passkeys-02-registered");

			browser.go(RunningSystem.authServerUrl() + "/");
			browser.signOutOfAuthServer();

			// Chromium's virtual authenticator answers the login page's conditional
			// request
			// (the autofill offer) at once; while it cannot verify the user, that request
			// fails (the server requires user verification) and the page waits for the
			// button.
			authenticator.setUserVerified(false);
			browser.go(RunningSystem.clientDemoUrl() + "/");
			browser.click("#sign-in");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/login");
			assertThat(browser.find("#username").getDomAttribute("autocomplete")).isEqualTo("username webauthn");
			assertThat(browser.find("#password").isDisplayed()).isTrue();
			browser.screenshot("passkeys-03-login-page");
			authenticator.setUserVerified(true);
			browser.click("#passkey-sign-in");

			browser.awaitUrlNotStartingWith(RunningSystem.authServerUrl() + "/login");
			browser.awaitUrlStartingWith(RunningSystem.authServerUrl() + "/oauth2/consent");
			browser.click("#submit-consent");
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/");
			assertThat(browser.text("#claim-sub")).isEqualTo(username);
			assertThat(browser.text("#claim-amr")).as("RFC 8176 methods of a passkey sign-in")
				.contains("hwk")
				.contains("user")
				.doesNotContain("pwd");
			assertThat(browser.text("#claim-acr")).isEqualTo("phr");
			browser.screenshot("passkeys-04-client-demo-signed-in-with-passkey");
		}
	}

}
