package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * A server that requires every client to push its authorization requests
 * ({@code authserver.par.required=true}, RFC 9126 §5) says so in both discovery
 * documents, and refuses a plain request of a client that requires nothing itself.
 */
@AuthServerTest
@TestPropertySource(properties = "authserver.par.required=true")
class PushedRequestsRequiredTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void discoveryWhenEveryClientMustPushThenBothDocumentsSaySo() {
		for (String document : new String[] { "/.well-known/openid-configuration",
				"/.well-known/oauth-authorization-server" }) {
			assertThat(HttpExchange.json(HttpExchange.to(this.issuer).get(document))).as(document)
				.containsEntry("require_pushed_authorization_requests", true);
		}
	}

	@Test
	void authorizationRequestWhenNotPushedThenInvalidRequestAtTheClientAndWhenPushedOnToTheSignIn() {
		Pkce pkce = Pkce.generate();
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn request = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				"openid message.read");

		URI plain = HttpExchange.location(browser.browse(request.authorizationRequest("plain", pkce)));
		HttpResponse<String> pushed = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/par",
					Map.of("response_type", "code", "client_id", TestClients.WEB_CLIENT_ID, "redirect_uri",
							TestClients.WEB_REDIRECT_URI, "scope", "openid message.read", "state", "pushed",
							"code_challenge", pkce.challenge(), "code_challenge_method", "S256"),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);

		assertThat(plain.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(plain)).containsEntry("error", "invalid_request")
			.containsEntry("state", "plain")
			.containsEntry("iss", this.issuer);
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		URI redeemed = HttpExchange.location(browser.browse("/oauth2/authorize?client_id=" + TestClients.WEB_CLIENT_ID
				+ "&request_uri="
				+ URLEncoder.encode((String) HttpExchange.json(pushed).get("request_uri"), StandardCharsets.UTF_8)));
		assertThat(redeemed.getPath()).isEqualTo("/login");
	}

}
