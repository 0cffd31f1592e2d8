package dev.authserver.samples.clientdemo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo's own pages while the auth-server is down: it still starts, and every page a
 * user can reach explains what is wrong instead of showing a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientDemoPagesTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void authServerThatIsDown(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("spring.security.oauth2.client.provider.authserver.issuer-uri",
				() -> "http://localhost:" + closedPort);
		registry.add("client-demo.resource-server-url", () -> "http://localhost:" + closedPort);
	}

	@Test
	void homeWhenAnonymousThenOffersSignIn() throws Exception {
		HttpResponse<String> response = get("/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("id=\"sign-in\"").contains("/oauth2/authorization/demo");
	}

	@Test
	void downstreamPageWhenAnonymousThenSignInFirst() throws Exception {
		HttpResponse<String> response = get("/downstream");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/oauth2/authorization/demo"));
	}

	@Test
	void signInWhenAuthServerIsDownThenFriendlyUnavailablePage() throws Exception {
		HttpResponse<String> toErrorPage = get("/oauth2/authorization/demo");
		assertThat(toErrorPage.statusCode()).isEqualTo(302);
		assertThat(toErrorPage.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/sign-in-error?error=temporarily_unavailable"));

		HttpResponse<String> response = get("/sign-in-error?error=temporarily_unavailable");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("The sign-in service is unavailable")
			.doesNotContain("Exception")
			.doesNotContain("at org.");
	}

	@Test
	void machinePageWhenAuthServerIsDownThenFriendlyUnavailablePage() throws Exception {
		HttpResponse<String> response = get("/machine");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("unavailable").doesNotContain("Exception");
	}

	@Test
	void devicePageWhenNothingStartedThenOffersToConnectWithoutSignIn() throws Exception {
		HttpResponse<String> response = get("/device");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("id=\"start-device\"").doesNotContain("http-equiv=\"refresh\"");
	}

	@Test
	void signInErrorWhenUserDeclinedThenSaysSo() throws Exception {
		HttpResponse<String> response = get("/sign-in-error?error=access_denied");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("You declined access");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "text/html")
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
