package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * The browser pages: headers that protect them, the login form's errors and the friendly
 * error page.
 */
@AuthServerTest
class PagesTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void loginPageWhenRequestedThenStrictContentSecurityPolicyAndNoFraming() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).browse("/login");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
						+ "base-uri 'none'; frame-ancestors 'none'");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(response.body()).contains("name=\"username\"").contains("name=\"password\"");
		// The passkey button's script is a file of our own; no script is inline.
		List<String> scripts = HtmlDocuments.read(response,
				(page) -> page.getElementsByTagName("script")
					.stream()
					.map((script) -> script.getAttribute("src") + "|" + script.getTextContent().strip())
					.toList());
		assertThat(scripts).containsExactly("/js/passkeys.js|");
	}

	@Test
	void anyRequestWhenAnsweredThenCarriesARequestIdAndKeepsOnlyAWellFormedOne() {
		HttpExchange http = HttpExchange.to(this.issuer);

		String generated = http.browse("/login").headers().firstValue("X-Request-Id").orElseThrow();
		String kept = http.get("/oauth2/jwks", "X-Request-Id", "lb-1234.abc")
			.headers()
			.firstValue("X-Request-Id")
			.orElseThrow();
		String replaced = http.get("/login", "X-Request-Id", "forged\tvalue")
			.headers()
			.firstValue("X-Request-Id")
			.orElseThrow();

		assertThat(generated).matches("[0-9a-f-]{36}");
		assertThat(kept).isEqualTo("lb-1234.abc");
		assertThat(replaced).matches("[0-9a-f-]{36}");
	}

	@Test
	void loginWhenPasswordIsWrongThenLoginPageShowsNeutralError() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");

		HttpResponse<String> response = browser.postForm("/login", Map.of("username", TestClients.DEMO_USER, "password",
				"wrong", "_csrf", HttpExchange.csrfToken(loginPage)));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(response).toString()).endsWith("/login?error");
		assertThat(browser.follow(response).body()).contains("Invalid username or password.");
	}

	@Test
	void loginWhenCsrfTokenIsMissingThenRefused() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		browser.browse("/login");

		HttpResponse<String> response = browser.postForm("/login",
				Map.of("username", TestClients.DEMO_USER, "password", TestClients.DEMO_USER_PASSWORD));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void loginWhenCredentialsAreRightThenHomePageShowsTheUser() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");

		HttpResponse<String> response = browser.postForm("/login", Map.of("username", TestClients.CONFIGURED_USER,
				"password", TestClients.CONFIGURED_USER_PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(browser.follow(response).body()).contains("id=\"signed-in-user\">" + TestClients.CONFIGURED_USER);
	}

	@Test
	void loginWhenSuccessfulThenTheSessionIdChangesAndItsCookieIsHttpOnlyAndSameSite() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		String before = sessionCookie(loginPage);

		HttpResponse<String> response = browser.postForm("/login", Map.of("username", TestClients.CONFIGURED_USER,
				"password", TestClients.CONFIGURED_USER_PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		String after = sessionCookie(response);

		assertThat(before).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
		assertThat(after).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
		assertThat(after.substring(0, after.indexOf(';'))).as("session fixation: a new id at login")
			.isNotEqualTo(before.substring(0, before.indexOf(';')));
	}

	@Test
	void pageWhenAProxySaysTheRequestCameOverHttpsThenHstsAndASecureSessionCookie() {
		HttpResponse<String> https = HttpExchange.to(this.issuer)
			.get("/login", "Accept", "text/html", "X-Forwarded-Proto", "https");
		HttpResponse<String> http = HttpExchange.to(this.issuer).browse("/login");

		assertThat(https.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).contains("max-age=31536000"));
		assertThat(sessionCookie(https)).contains("Secure");
		assertThat(http.headers().firstValue("Strict-Transport-Security")).as("HSTS only over https (RFC 6797 §7.2)")
			.isEmpty();
		assertThat(sessionCookie(http)).doesNotContain("Secure");
	}

	/**
	 * The {@code Set-Cookie} header of the login session (Spring Session's
	 * {@code SESSION} cookie).
	 */
	private static String sessionCookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("SESSION="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
	}

	@Test
	void unknownPageWhenSignedInThenFriendlyNotFoundPage() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		browser.postForm("/login", Map.of("username", TestClients.CONFIGURED_USER, "password",
				TestClients.CONFIGURED_USER_PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));

		HttpResponse<String> response = browser.browse("/no-such-page");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("Page not found").doesNotContain("Whitelabel").doesNotContain("Exception");
	}

	@Test
	void authorizationRequestWhenClientIsUnknownThenErrorPageShowsInvalidRequest() {
		HttpResponse<String> response = signedInBrowser()
			.browse("/oauth2/authorize?response_type=code&client_id=no-such-client&scope=openid&state=s");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("<code id=\"error-code\">invalid_request</code>")
			.doesNotContain("[invalid_request]");
	}

	@Test
	void authorizationRequestWhenClientHasNoRedirectUriThenErrorPageShowsUnauthorizedClient() {
		HttpResponse<String> response = signedInBrowser().browse("/oauth2/authorize?response_type=code&client_id="
				+ TestClients.MACHINE_CLIENT_ID + "&scope=openid&state=s");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("<code id=\"error-code\">unauthorized_client</code>");
	}

	private HttpExchange signedInBrowser() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		browser.postForm("/login", Map.of("username", TestClients.CONFIGURED_USER, "password",
				TestClients.CONFIGURED_USER_PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		return browser;
	}

	@Test
	void userInfoWhenNoTokenThenUnauthorizedWithBearerChallenge() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/userinfo");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	@Test
	void userInfoWhenTokenIsAMachineTokenThenRejected() {
		HttpExchange http = HttpExchange.to(this.issuer);
		String machineToken = (String) HttpExchange
			.json(http.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"),
					TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET))
			.get("access_token");

		HttpResponse<String> response = http.get("/userinfo", "Authorization", "Bearer " + machineToken);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
	}

}
