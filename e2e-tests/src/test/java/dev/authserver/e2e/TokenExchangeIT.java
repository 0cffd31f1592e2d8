package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Token exchange (RFC 8693) across the running apps: the resource server calls the
 * downstream API for the caller with a token it exchanged at the auth-server as
 * {@code demo-api}, so the downstream API sees the user as {@code sub} and the resource
 * server as {@code act}; the caller's own token, meant for the resource server, is
 * refused there. The browser test signs in a user of its own ({@link ConsoleUsers}), so
 * that no other test's consent is spent or needed.
 */
@ExtendWith(RunningSystem.class)
class TokenExchangeIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void downstreamPageWhenSignedInThenTheDownstreamApiSeesTheUserAsSubAndTheResourceServerAsAct() {
		String password = "e2e-exchange-" + UUID.randomUUID();
		try (Browser browser = Browser.open()) {
			String username = ConsoleUsers.create(browser, "exchange", "Exchange User", password);
			ConsoleUsers.signInToClientDemo(browser, username, password);
			assertThat(browser.text("#user-name")).isEqualTo("Exchange User");

			browser.click("#call-downstream");
			browser.awaitUrlStartingWith(RunningSystem.clientDemoUrl() + "/downstream");

			assertThat(browser.text("#downstream-sub")).isEqualTo(username);
			assertThat(browser.text("#downstream-act")).isEqualTo(RunningSystem.API_CLIENT_ID);
			assertThat(browser.text("#downstream-aud")).isEqualTo(RunningSystem.downstreamApiUrl());
			assertThat(browser.text("#own-token-status")).isEqualTo("401");
			assertThat(browser.text("#own-token-challenge")).contains("invalid_token");
			browser.screenshot("token-exchange-downstream");
		}
	}

	@Test
	void downstreamApiWhenCalledWithATokenForTheResourceServerThenUnauthorizedInvalidToken() throws Exception {
		// A token of the machine client, meant for the resource server (the default
		// audience).
		String token = RunningSystem.machineToken("message.read");
		assertThat(get(RunningSystem.resourceServerUrl() + "/api/me", token).statusCode()).isEqualTo(200);

		HttpResponse<String> direct = get(RunningSystem.downstreamApiUrl() + "/api/identity", token);

		assertThat(direct.statusCode()).isEqualTo(401);
		assertThat(direct.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
	}

	private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
