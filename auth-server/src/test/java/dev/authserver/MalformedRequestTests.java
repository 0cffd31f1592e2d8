package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The requests {@link HostileInputTests} once found mishandled (a 5xx, an error without
 * the protocol's shape, an access token taken for a login), each pinned down.
 */
@AuthServerTest
class MalformedRequestTests {

	private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Test
	void tokenRequestWhenPublicClientRepeatsTheCodeThenInvalidRequest() {
		RawHttp.Response response = post("/oauth2/token", "grant_type=authorization_code&code=a&code=b"
				+ "&client_id=demo-public&code_verifier=" + "v".repeat(43), FORM);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void tokenRequestWhenConfidentialClientRepeatsTheCodeThenInvalidRequest() {
		RawHttp.Response response = post("/oauth2/token",
				"grant_type=authorization_code&code=a&code=b" + "&redirect_uri=" + TestClients.WEB_REDIRECT_URI, FORM,
				RawHttp.basicAuthorization(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void introspectionWhenTheTokenIsRepeatedThenInvalidRequest() {
		RawHttp.Response response = post("/oauth2/introspect", "token=a&token=b", FORM,
				RawHttp.basicAuthorization(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void tokenRequestWhenFormHasInvalidPercentEncodingThenInvalidRequestAsJsonEvenForABrowser() {
		RawHttp.Response response = post("/oauth2/token", "grant_type=client_credentials&scope=%zz", FORM,
				"Accept: text/html",
				RawHttp.basicAuthorization(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void authorizationRequestWhenTheStateIsTooLongToSendBackThenErrorPageInsteadOfA500() {
		String request = "response_type=code&client_id=" + TestClients.WEB_CLIENT_ID + "&redirect_uri="
				+ URLEncoder.encode(TestClients.WEB_REDIRECT_URI, StandardCharsets.UTF_8) + "&scope=openid&state=";
		RawHttp.Response posted = post("/oauth2/authorize", request + "s".repeat(20_000), FORM, "Accept: text/html");
		RawHttp.Response longQuery = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/authorize?" + request + "s".repeat(3_000), List.of("Accept: text/html"), null);
		RawHttp.Response shortEnough = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/authorize?" + request + "s".repeat(1_000), List.of("Accept: text/html"), null);

		assertThat(posted.status()).isEqualTo(400);
		assertThat(posted.body()).contains("id=\"error-title\"");
		assertThat(longQuery.status()).isEqualTo(400);
		assertThat(shortEnough.status()).as("the client's error redirect, carrying its state").isEqualTo(302);
	}

	/**
	 * Spring Security's firewall refuses a header with a control character when it is
	 * read.
	 */
	@Test
	void requestWhenTheFirewallRejectsAHeaderThenTheTokenEndpointStillAnswersJson() {
		String authorization = "Authorization: Basic \u0080";
		RawHttp.Response tokenResponse = post("/oauth2/token", "grant_type=client_credentials", FORM,
				"Accept: text/html", authorization);
		RawHttp.Response userInfo = RawHttp.to(this.issuer)
			.send("GET", "/userinfo", List.of("Accept: text/html", authorization), null);

		assertThat(tokenResponse.status()).isEqualTo(400);
		assertThat(tokenResponse.json()).containsEntry("error", "invalid_request");
		assertThat(userInfo.status()).isEqualTo(400);
		assertThat(userInfo.body()).contains("id=\"error-title\"");
	}

	/**
	 * Requests Tomcat refuses itself, before the application sees them: the token
	 * endpoint still answers RFC 6749 §5.2's JSON, whatever the client accepts.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "control character in a header name | 400 | POST /oauth2/token HTTP/1.1~X-A^Ab: c",
					"header line without a colon | 400 | POST /oauth2/token HTTP/1.1~No-Colon",
					"Content-Length that is not a number | 400 | POST /oauth2/token HTTP/1.1~Content-Length: x",
					"Content-Length twice | 400 | POST /oauth2/token HTTP/1.1~Content-Length: 1~Content-Length: 2",
					"unsupported Transfer-Encoding | 501 | POST /oauth2/token HTTP/1.1~Transfer-Encoding: gzip",
					"unsupported HTTP version | 505 | POST /oauth2/token HTTP/1.2",
					"unmet Expect | 417 | POST /oauth2/token HTTP/1.1~Expect: 200-ok~Content-Length: 1",
					"an HTTP version Tomcat does not speak | 505 | POST /oauth2/token HTTP/2.0" })
	void tokenRequestWhenTomcatRefusesItThenInvalidRequestAsJson(String refusal, int status, String head) {
		RawHttp.Response response = raw(head, "Accept: text/html");

		assertThat(response.status()).isEqualTo(status);
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertThat(response.body()).doesNotContain("Tomcat").doesNotContain("HTTP Status");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "control character in a header name | 400 | GET /login HTTP/1.1~X-A^Ab: c",
					"unsupported HTTP version | 505 | GET /login HTTP/1.2", "CONNECT | 501 | CONNECT /login HTTP/1.1",
					"invalid percent-encoding in the path | 400 | GET /lo%zzgin HTTP/1.1",
					"malformed request line | 400 | GET /login HTTP/1.1 extra",
					"control character in the query | 400 | GET /login?a=^A HTTP/1.1",
					"request line Tomcat cannot read, so no path | 400 | POST /oauth2/token?a=^A HTTP/1.1" })
	void pageRequestWhenTomcatRefusesItThenTheErrorPage(String refusal, int status, String head) {
		RawHttp.Response response = raw(head, "Accept: text/html,application/xhtml+xml");

		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("id=\"error-title\"")
			.contains("HTTP status " + status)
			.doesNotContain("Tomcat")
			.doesNotContain("HTTP Status");
	}

	@Test
	void requestWhenTomcatRefusesItAndTheClientAcceptsJsonThenJson() {
		RawHttp.Response page = raw("GET /login HTTP/1.2", "Accept: application/json");
		RawHttp.Response discovery = raw("GET /.well-known/openid-configuration HTTP/1.1~X-A^Ab: c", "");

		assertThat(page.status()).isEqualTo(505);
		assertThat(page.json()).containsEntry("error", "http_version_not_supported");
		assertThat(discovery.status()).isEqualTo(400);
		assertThat(discovery.json()).containsEntry("error", "invalid_request");
	}

	/** Tomcat reads a chunked body for the application, which answers its error page. */
	@Test
	void tokenRequestWhenTheChunkedBodyIsMalformedThenInvalidRequestAsJson() {
		RawHttp.Response response = raw("POST /oauth2/token HTTP/1.1~" + FORM + "~Transfer-Encoding: chunked",
				"Accept: application/json", "zz\r\n");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	/**
	 * RFC 6749 §5.2: a client that authenticated with the Authorization header gets the
	 * challenge of its scheme with the 401; one that sent its secret in the form gets
	 * none, which would only invite a browser's password prompt.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke" })
	void requestWhenBasicClientCredentialsAreWrongThenInvalidClientWithABasicChallenge(String endpoint) {
		RawHttp.Response basic = post(endpoint, "grant_type=client_credentials&token=x", FORM,
				RawHttp.basicAuthorization(TestClients.MACHINE_CLIENT_ID, "wrong-secret"));
		RawHttp.Response unknownClient = post(endpoint, "grant_type=client_credentials&token=x", FORM,
				RawHttp.basicAuthorization("no-such-client", "wrong-secret"));
		RawHttp.Response form = post(endpoint, "grant_type=client_credentials&token=x&client_id="
				+ TestClients.MACHINE_CLIENT_ID + "&client_secret=wrong-secret", FORM);

		assertThat(basic.status()).isEqualTo(401);
		assertThat(basic.json()).containsEntry("error", "invalid_client");
		assertThat(basic.header("WWW-Authenticate")).hasValue("Basic realm=\"oauth2-client\"");
		assertThat(unknownClient.status()).isEqualTo(401);
		assertThat(unknownClient.header("WWW-Authenticate")).hasValue("Basic realm=\"oauth2-client\"");
		assertThat(form.status()).isEqualTo(401);
		assertThat(form.json()).containsEntry("error", "invalid_client");
		assertThat(form.header("WWW-Authenticate")).isEmpty();
	}

	@Test
	void tokenRequestWhenNoClientCredentialsThenInvalidClientAsJson() {
		RawHttp.Response response = post("/oauth2/token", "grant_type=client_credentials", FORM, "Accept: text/html");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "&client_id=demo-m2m" })
	void tokenRequestWhenTheClientAssertionIsAnEncryptedJwtThenAClientErrorAsJson(String clientId) {
		// Five parts with a JWE header ({"alg":"dir","enc":"A128GCM"}): a JWT whose
		// claims cannot be read.
		String encrypted = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..YWJjZGVmZ2hpamts.YWJj.YWJjZGVmZ2hpamtsbW5vcA";
		RawHttp.Response response = post("/oauth2/token",
				"grant_type=client_credentials"
						+ "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
						+ "&client_assertion=" + encrypted + clientId,
				FORM);

		assertThat(response.status()).isIn(400, 401);
		assertThat(response.json().get("error")).isIn("invalid_request", "invalid_client");
	}

	@Test
	void tokenRequestWhenClientSendsABearerTokenThenInvalidClientAsJson() {
		RawHttp.Response response = post("/oauth2/token", "grant_type=client_credentials", FORM,
				"Authorization: Bearer not-a-client-credential");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
	}

	@Test
	void tokenRequestWhenClientSendsADPoPAuthorizationThenInvalidClientAsJson() {
		RawHttp.Response response = post("/oauth2/token", "grant_type=client_credentials", FORM,
				"Authorization: DPoP not-a-client-credential");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
	}

	@Test
	void userInfoWhenBearerTokenIsInvalidThenBearerChallenge() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/userinfo", List.of("Authorization: Bearer not.a.token"), null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
	}

	@Test
	void deleteWhenFormBodyHasInvalidPercentEncodingThenClientError() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("DELETE", "/oauth2/revoke", List.of(FORM), "token=%".getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isBetween(400, 499);
	}

	@Test
	void registrationWhenAcceptIsNotJsonThenTheErrorIsJsonAnyway() {
		RawHttp.Response response = post("/oauth2/register", "{}", "Content-Type: application/json",
				"Accept: image/png");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void authorizationRequestWhenClientMayNotUseTheCodeGrantThenErrorPageAndNoRedirect() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET",
					"/oauth2/authorize?response_type=code&client_id=" + TestClients.MACHINE_CLIENT_ID
							+ "&redirect_uri=https%3A%2F%2Fattacker.example%2Fcb&scope=message.read&state=s"
							+ "&code_challenge=" + "c".repeat(43) + "&code_challenge_method=S256",
					List.of("Accept: text/html"), null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Location")).isEmpty();
		assertThat(response.body()).contains("unauthorized_client").doesNotContain("attacker.example");
	}

	@Test
	void authorizationRequestWhenClientMayNotUseTheCodeGrantAndSendsNoRedirectUriThenErrorPage() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/authorize?response_type=code&client_id=" + TestClients.MACHINE_CLIENT_ID
					+ "&scope=message.read", List.of("Accept: text/html"), null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("unauthorized_client");
	}

	@Test
	void authorizationRequestWhenClientIdIsEmptyThenErrorPage() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/authorize?response_type=code&client_id=&scope=openid", List.of("Accept: text/html"),
					null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("This sign-in request is not valid");
	}

	@Test
	void requestWhenPathParameterIsNotValidPercentEncodingThenBadRequest() {
		RawHttp.Response api = post("/oauth2/introspect;jsessionid=x%zz", "token=x", FORM,
				RawHttp.basicAuthorization(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
		RawHttp.Response page = RawHttp.to(this.issuer).send("GET", "/login;a=%zz", List.of("Accept: text/html"), null);

		assertThat(api.status()).isEqualTo(400);
		assertThat(api.json()).containsEntry("error", "invalid_request");
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.json()).containsEntry("error", "invalid_request");
	}

	/**
	 * The framework decodes the path before matching its endpoints; our guards ahead of
	 * it would not see {@code /oauth2/%74oken} as the token endpoint.
	 */
	@Test
	void tokenRequestWhenThePathPercentEncodesALetterThenInvalidRequestAsJsonNotAServerError() {
		RawHttp.Response repeatedCode = post("/oauth2/%74oken",
				"grant_type=authorization_code&code=a&code=b" + "&redirect_uri=" + TestClients.WEB_REDIRECT_URI, FORM,
				"Accept: text/html",
				RawHttp.basicAuthorization(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
		RawHttp.Response lowerCaseHex = post("/oauth2/t%6fken", "grant_type=client_credentials", FORM,
				RawHttp.basicAuthorization(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));

		assertThat(repeatedCode.status()).isEqualTo(400);
		assertThat(repeatedCode.json()).containsEntry("error", "invalid_request");
		assertThat(lowerCaseHex.status()).isEqualTo(400);
		assertThat(lowerCaseHex.json()).containsEntry("error", "invalid_request").doesNotContainKey("access_token");
	}

	@Test
	void requestWhenThePathIsSpelledOtherwiseThanThisServersUrlsThenBadRequest() {
		RawHttp http = RawHttp.to(this.issuer);
		RawHttp.Response jwks = http.send("GET", "/oauth2/%6Awks", List.of(), null);
		RawHttp.Response discovery = http.send("GET", "/.well-known/openid%2Dconfiguration", List.of(), null);
		RawHttp.Response page = http.send("GET", "/%6Cogin", List.of("Accept: text/html"), null);
		RawHttp.Response encodedSlash = post("/oauth2%2Ftoken", "grant_type=client_credentials", FORM,
				RawHttp.basicAuthorization(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));
		RawHttp.Response sessionId = http.send("GET", "/oauth2/jwks;jsessionid=x", List.of(), null);

		assertThat(jwks.status()).isEqualTo(400);
		assertThat(jwks.json()).doesNotContainKey("keys");
		assertThat(discovery.status()).isEqualTo(400);
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.body()).contains("This sign-in request is not valid");
		assertThat(encodedSlash.status()).isEqualTo(400);
		assertThat(sessionId.status()).isEqualTo(400);
		assertThat(sessionId.json()).containsEntry("error", "invalid_request");
	}

	/**
	 * The caller's {@code Host} and {@code X-Forwarded-Host} must not steer a redirect to
	 * another site.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "Host: evil.example", "Host: localhost\r\nX-Forwarded-Host: evil.example" })
	void requestWhenTheHostHeaderNamesAnotherSiteThenTheRedirectToSignInDoesNotNameIt(String host) {
		RawHttp http = RawHttp.to(this.issuer);
		String authorize = "/oauth2/authorize?response_type=code&client_id=" + TestClients.WEB_CLIENT_ID
				+ "&redirect_uri=" + URLEncoder.encode(TestClients.WEB_REDIRECT_URI, StandardCharsets.UTF_8)
				+ "&scope=openid&state=s&code_challenge_method=S256&code_challenge=" + "c".repeat(43);
		for (String target : List.of(authorize, "/account/apps")) {
			RawHttp.Response response = http.sendBytes(
					("GET " + target + " HTTP/1.1\r\n" + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));

			assertThat(response.status()).as(target).isEqualTo(302);
			assertThat(response.header("Location")).as(target)
				.hasValueSatisfying(
						(location) -> assertThat(location).endsWith("/login").doesNotContain("evil.example"));
		}
	}

	/**
	 * A request the sign-in interrupts is saved with the host it named, and the consent
	 * redirect is built per request: neither may hand the caller's {@code Host} back in a
	 * {@code Location}.
	 */
	@Test
	void signInWhenTheAuthorizationRequestNamedAnotherHostThenNeitherTheReturnToItNorTheConsentRedirectNamesIt() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		String authorize = "/oauth2/authorize?response_type=code&client_id=" + TestClients.WEB_CLIENT_ID
				+ "&redirect_uri=" + URLEncoder.encode(TestClients.WEB_REDIRECT_URI, StandardCharsets.UTF_8)
				+ "&scope=openid%20profile&state=s&code_challenge_method=S256&code_challenge=" + "c".repeat(43);
		RawHttp.Response saved = getWithHost(authorize, "evil.example", browser.cookieHeader());
		assertThat(saved.status()).isEqualTo(302);

		HttpResponse<String> signedIn = browser.postForm("/login", Map.of("username", this.users.create(), "password",
				TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		URI backToTheRequest = HttpExchange.location(signedIn);
		assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("/oauth2/authorize?").doesNotContain("evil.example"));

		RawHttp.Response toConsent = getWithHost(backToTheRequest.getRawPath() + "?" + backToTheRequest.getRawQuery(),
				"evil.example", browser.cookieHeader());
		assertThat(toConsent.status()).isEqualTo(302);
		assertThat(toConsent.header("Location"))
			.hasValueSatisfying((location) -> assertThat(location).startsWith(this.issuer + "/oauth2/consent?")
				.doesNotContain("evil.example"));
	}

	private RawHttp.Response getWithHost(String target, String host, String cookie) {
		return RawHttp.to(this.issuer)
			.sendBytes(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie
					+ "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * An access token is for resource servers; at the authorization endpoint it must not
	 * stand in for a login.
	 */
	@Test
	void authorizationRequestWhenOnlyAnAccessTokenVouchesForTheUserThenSignInIsRequired() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				"openid profile");
		Pkce pkce = Pkce.generate();
		URI callback = signIn.signInAndConsent("bearer", pkce, this.users.create(), TestUsers.PASSWORD);
		HttpResponse<String> tokens = browser.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", HttpExchange.queryParameters(callback).get("code"),
						"redirect_uri", TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier()),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.get(signIn.authorizationRequest("no-session", Pkce.generate()), "Accept", "text/html", "Authorization",
					"Bearer " + HttpExchange.json(tokens).get("access_token"));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(response).getPath()).isEqualTo("/login");
	}

	/**
	 * The request line and headers as given, with a {@code Host} and {@code Connection:
	 * close}, then the body; in the head, {@code ~} ends a line and {@code ^A} is the
	 * control character U+0001, which a CSV source cannot hold.
	 */
	private RawHttp.Response raw(String head, String header, String... body) {
		RawHttp http = RawHttp.to(this.issuer);
		String unescaped = head.replace("~", "\r\n").replace("^A", "\u0001");
		int endOfRequestLine = unescaped.contains("\r\n") ? unescaped.indexOf("\r\n") : unescaped.length();
		String request = unescaped.substring(0, endOfRequestLine) + "\r\nHost: " + http.authority() + "\r\n"
				+ (header.isEmpty() ? "" : header + "\r\n")
				+ (endOfRequestLine < unescaped.length() ? unescaped.substring(endOfRequestLine + 2) + "\r\n" : "")
				+ "Connection: close\r\n\r\n" + String.join("", body);
		return http.sendBytes(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	private RawHttp.Response post(String path, String body, String... headers) {
		return RawHttp.to(this.issuer).send("POST", path, List.of(headers), body.getBytes(StandardCharsets.US_ASCII));
	}

}
