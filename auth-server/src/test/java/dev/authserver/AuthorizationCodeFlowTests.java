package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.clients.ClientSecretEncoder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The authorization code grant with PKCE through the real login and consent pages
 * (cookies, CSRF), followed by everything a client does with the tokens: ID token,
 * UserInfo, refresh, introspection and revocation.
 */
@AuthServerTest
class AuthorizationCodeFlowTests {

	private static final String WEB_SCOPES = "openid profile email message.read";

	private static final String USER_PASSWORD = TestUsers.PASSWORD;

	private static final String LOOPBACK_REDIRECT_URI = "http://127.0.0.1:8080/callback";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcRegisteredClientRepository registeredClients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	/** A user of its own for each test, so each meets the consent page afresh. */
	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void confidentialClientWhenUserSignsInAndConsentsThenCodeExchangesForSignedTokens() throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = webSignIn(browser).signInAndConsent("state-1", pkce, this.username, USER_PASSWORD);

		assertThat(callback.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		Map<String, String> parameters = HttpExchange.queryParameters(callback);
		assertThat(parameters.get("state")).isEqualTo("state-1");
		assertThat(parameters.get("code")).isNotBlank();
		assertThat(parameters.get("iss")).as("RFC 9207").isEqualTo(this.issuer);

		HttpResponse<String> tokenResponse = exchangeCode(parameters.get("code"), pkce.verifier(),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI);
		assertThat(tokenResponse.statusCode()).isEqualTo(200);
		Map<String, Object> tokens = HttpExchange.json(tokenResponse);
		assertThat(tokens.get("refresh_token")).isNotNull();
		assertThat((String) tokens.get("scope")).contains("openid", "profile", "email", "message.read");

		String jwks = browser.get("/oauth2/jwks").body();
		JWTClaimsSet accessToken = SignedJwts.claims(SignedJwts.verify((String) tokens.get("access_token"), jwks));
		assertThat(accessToken.getSubject()).isEqualTo(this.username);
		assertThat(accessToken.getStringClaim("client_id")).isEqualTo(TestClients.WEB_CLIENT_ID);

		JWTClaimsSet idToken = SignedJwts.claims(SignedJwts.verify((String) tokens.get("id_token"), jwks));
		assertThat(idToken.getIssuer()).isEqualTo(this.issuer);
		assertThat(idToken.getAudience()).containsExactly(TestClients.WEB_CLIENT_ID);
		assertThat(idToken.getSubject()).isEqualTo(this.username);
		assertThat(idToken.getStringClaim("nonce")).isEqualTo("nonce-state-1");
		assertThat(idToken.getStringClaim("name")).isEqualTo(TestUsers.NAME);
		assertThat(idToken.getStringClaim("preferred_username")).isEqualTo(this.username);
		assertThat(idToken.getStringClaim("email")).isEqualTo(this.username + "@example.com");
		assertThat(idToken.getBooleanClaim("email_verified")).isTrue();
	}

	@Test
	void userInfoWhenCalledWithTheAccessTokenThenReturnsTheIdTokenClaims() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.get("/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(response)).containsEntry("sub", this.username)
			.containsEntry("name", TestUsers.NAME)
			.containsEntry("preferred_username", this.username)
			.containsEntry("email", this.username + "@example.com")
			.containsEntry("email_verified", true);
	}

	@Test
	void idTokenWhenEmailScopeIsNotGrantedThenHasNoEmailClaims() throws Exception {
		Map<String, Object> tokens = signInAsWebClient("openid profile");

		JWTClaimsSet idToken = SignedJwts.claims(SignedJwts.verify((String) tokens.get("id_token"),
				HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
		assertThat(idToken.getStringClaim("name")).isEqualTo(TestUsers.NAME);
		assertThat(idToken.getClaims()).doesNotContainKeys("email", "email_verified");
	}

	@Test
	void publicClientWhenUsingPkceThenCodeExchangesWithoutSecret() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(browser, TestClients.PUBLIC_CLIENT_ID, TestClients.PUBLIC_REDIRECT_URI, "openid profile message.read")
			.signInAndConsent("public-state", pkce, this.username, USER_PASSWORD);

		HttpResponse<String> response = browser.postForm("/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", HttpExchange.queryParameters(callback).get("code"),
						"redirect_uri", TestClients.PUBLIC_REDIRECT_URI, "client_id", TestClients.PUBLIC_CLIENT_ID,
						"code_verifier", pkce.verifier()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(response).get("access_token")).isNotNull();
		assertThat(HttpExchange.json(response).get("id_token")).isNotNull();
		assertThat(HttpExchange.json(response)).as("a public client has no secret to bind a refresh token to")
			.doesNotContainKey("refresh_token");
	}

	@Test
	void publicClientWhenCodeChallengeIsMissingThenRefused() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, TestClients.PUBLIC_CLIENT_ID, TestClients.PUBLIC_REDIRECT_URI,
				"openid message.read");
		browser.follow(signIn.signIn("no-pkce", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("no-pkce", null));

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.PUBLIC_REDIRECT_URI);
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_request")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@Test
	void confidentialClientWhenItsSettingsDoNotAskForPkceThenARequestWithoutCodeChallengeIsStillRefused() {
		String redirectUri = "https://client.example/callback";
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("no-pkce-setting-" + UUID.randomUUID())
			.clientSecret(this.clientSecretEncoder.encode("unused-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(redirectUri)
			.scope("openid")
			.clientSettings(ClientSettings.builder().requireProofKey(false).requireAuthorizationConsent(false).build())
			.build();
		this.registeredClients.save(client);
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, client.getClientId(), redirectUri, "openid");
		browser.follow(signIn.signIn("with-pkce", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("without-pkce", null));

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(redirectUri + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_request")
			.containsEntry("state", "without-pkce")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@Test
	void authorizationRequestWhenCodeChallengeMethodIsPlainThenRefused() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webSignIn(browser);
		browser.follow(signIn.signIn("plain", Pkce.generate(), this.username, USER_PASSWORD));
		String plainRequest = signIn.authorizationRequest("plain", null)
				+ "&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghij123&code_challenge_method=plain";

		HttpResponse<String> response = browser.browse(plainRequest);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.queryParameters(HttpExchange.location(response))).containsEntry("error",
				"invalid_request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "fragment", "query.jwt", "form_post.jwt" })
	void authorizationRequestWhenResponseModeIsUnsupportedThenRefusedInTheQuery(String responseMode) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webSignIn(browser);
		browser.follow(signIn.signIn("signed-in", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> response = browser
			.browse(signIn.with("response_mode", responseMode).authorizationRequest("mode", Pkce.generate()));

		URI location = HttpExchange.location(response);
		assertThat(location.getRawFragment()).isNull();
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_request")
			.containsEntry("state", "mode")
			.doesNotContainKey("code");
	}

	@Test
	void authorizationRequestWhenResponseModeIsQueryThenTheCodeComesInTheQuery() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webSignIn(browser).with("response_mode", "query");

		URI callback = signIn.signInAndConsent("query-mode", Pkce.generate(), this.username, USER_PASSWORD);

		assertThat(HttpExchange.queryParameters(callback)).containsKey("code").containsEntry("state", "query-mode");
	}

	@Test
	void tokenRequestWhenCodeVerifierIsWrongThenInvalidGrant() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		URI callback = webSignIn(browser).signInAndConsent("wrong-verifier", Pkce.generate(), this.username,
				USER_PASSWORD);

		HttpResponse<String> response = exchangeCode(HttpExchange.queryParameters(callback).get("code"),
				Pkce.generate().verifier(), TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_grant");
	}

	@Test
	void tokenRequestWhenCodeIsUsedTwiceThenInvalidGrant() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = webSignIn(browser).signInAndConsent("reuse", pkce, this.username, USER_PASSWORD);
		String code = HttpExchange.queryParameters(callback).get("code");

		HttpResponse<String> first = exchangeCode(code, pkce.verifier(), TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI);
		HttpResponse<String> second = exchangeCode(code, pkce.verifier(), TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(second).get("error")).isEqualTo("invalid_grant");
		// RFC 6749 §4.1.2: the tokens issued for a code presented twice are revoked.
		Map<String, Object> issued = HttpExchange.json(first);
		assertThat(introspect(issued.get("access_token"))).containsEntry("active", false);
		assertThat(introspect(issued.get("refresh_token"))).containsEntry("active", false);
	}

	@Test
	void authorizationRequestWhenALoopbackRedirectUriDiffersOnlyInItsPortThenAccepted() {
		String clientId = loopbackClient(ClientAuthenticationMethod.NONE);
		HttpExchange browser = HttpExchange.to(this.issuer);
		String otherPort = LOOPBACK_REDIRECT_URI.replace(":8080/", ":51234/");
		BrowserSignIn signIn = BrowserSignIn.of(browser, clientId, otherPort, "openid");
		browser.follow(signIn.signIn("first", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> samePathOtherPort = browser.browse(signIn.authorizationRequest("port", Pkce.generate()));
		HttpResponse<String> otherPath = browser
			.browse(BrowserSignIn.of(browser, clientId, otherPort + "/more", "openid")
				.authorizationRequest("path", Pkce.generate()));
		HttpResponse<String> localhostName = browser
			.browse(BrowserSignIn.of(browser, clientId, otherPort.replace("127.0.0.1", "localhost"), "openid")
				.authorizationRequest("name", Pkce.generate()));

		assertThat(HttpExchange.location(samePathOtherPort).toString()).as("RFC 8252 §7.3: any port of a loopback IP")
			.startsWith(otherPort + "?");
		assertThat(otherPath.statusCode()).as("otherwise matched exactly").isEqualTo(400);
		assertThat(localhostName.statusCode()).isEqualTo(400);
	}

	/**
	 * RFC 8252's port freedom is for native apps, which are public clients: a
	 * confidential client on a loopback address (as development mode registers one) gets
	 * codes at its registered URI only, and redirect URIs are compared as strings.
	 */
	@Test
	void authorizationRequestWhenAConfidentialClientsLoopbackRedirectUriDiffersInAnyWayThenErrorPageAndNoCode() {
		String clientId = loopbackClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		HttpExchange browser = HttpExchange.to(this.issuer);
		browser.follow(BrowserSignIn.of(browser, clientId, LOOPBACK_REDIRECT_URI, "openid")
			.signIn("first", Pkce.generate(), this.username, USER_PASSWORD));
		List<String> variants = List.of(LOOPBACK_REDIRECT_URI.replace(":8080/", ":9999/"),
				LOOPBACK_REDIRECT_URI.replace(":8080/", "/"),
				LOOPBACK_REDIRECT_URI.replace(":8080/", ":8080//").replace("/callback", "//callback"));

		for (String variant : variants) {
			HttpResponse<String> response = browser.browse(BrowserSignIn.of(browser, clientId, variant, "openid")
				.authorizationRequest("variant", Pkce.generate()));

			assertThat(response.statusCode()).as(variant).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).as(variant).isEmpty();
			assertThat(response.body()).as(variant).contains("invalid_request");
		}
		HttpResponse<String> registered = browser
			.browse(BrowserSignIn.of(browser, clientId, LOOPBACK_REDIRECT_URI, "openid")
				.authorizationRequest("registered", Pkce.generate()));
		assertThat(HttpExchange.location(registered).toString()).as("the registered URI, exactly")
			.startsWith(LOOPBACK_REDIRECT_URI + "?code=");
	}

	@Test
	void authorizationRequestWhenTheConfidentialClientsRedirectUriDiffersInAnyWayThenErrorPageAndNoCode() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = webSignIn(browser).signInAndConsent("exact", pkce, this.username, USER_PASSWORD);
		List<String> variants = List.of(
				TestClients.WEB_REDIRECT_URI.replace("client-demo.example/", "client-demo.example:443/"),
				TestClients.WEB_REDIRECT_URI.replace("client-demo.example/", "client-demo.example:8443/"),
				TestClients.WEB_REDIRECT_URI.replace("/oauth2/", "//oauth2//"), TestClients.WEB_REDIRECT_URI + "/");

		for (String variant : variants) {
			HttpResponse<String> response = browser
				.browse(BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, variant, WEB_SCOPES)
					.authorizationRequest("variant", Pkce.generate()));

			assertThat(response.statusCode()).as(variant).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).as(variant).isEmpty();
			assertThat(response.body()).as(variant).contains("invalid_request");
		}
		assertThat(callback.toString()).as("the registered URI, exactly")
			.startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(exchangeCode(HttpExchange.queryParameters(callback).get("code"), pkce.verifier(),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI)
			.statusCode()).isEqualTo(200);
	}

	@Test
	void authorizationRequestWhenAPublicClientsLoopbackRedirectUriDiffersInMoreThanItsPortThenErrorPage() {
		String clientId = loopbackClient(ClientAuthenticationMethod.NONE);
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, clientId, LOOPBACK_REDIRECT_URI, "openid");
		browser.follow(signIn.signIn("first", Pkce.generate(), this.username, USER_PASSWORD));
		String doubledSlashes = LOOPBACK_REDIRECT_URI.replace(":8080/", ":51234//");

		HttpResponse<String> response = browser.browse(BrowserSignIn.of(browser, clientId, doubledSlashes, "openid")
			.authorizationRequest("slashes", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void tokenRequestWhenTheRedirectUriDiffersFromTheAuthorizationRequestsThenInvalidGrant() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = webSignIn(browser).signInAndConsent("other-port", pkce, this.username, USER_PASSWORD);

		HttpResponse<String> response = exchangeCode(HttpExchange.queryParameters(callback).get("code"),
				pkce.verifier(), TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI.replace("client-demo.example/", "client-demo.example:8443/"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_grant");
	}

	/**
	 * A client of the test's own with {@link #LOOPBACK_REDIRECT_URI}: public, as a native
	 * app is, or confidential, as development mode lets one register.
	 */
	private String loopbackClient(ClientAuthenticationMethod method) {
		String clientId = "loopback-" + UUID.randomUUID();
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(LOOPBACK_REDIRECT_URI)
			.scope("openid")
			.clientSettings(ClientSettings.builder().requireProofKey(true).build());
		if (!method.equals(ClientAuthenticationMethod.NONE)) {
			client.clientSecret(this.clientSecretEncoder.encode("loopback-test-secret"));
		}
		this.registeredClients.save(client.build());
		return clientId;
	}

	@ParameterizedTest
	@ValueSource(strings = { "token", "id_token", "code token", "code id_token" })
	void authorizationRequestWhenTheResponseTypeWouldPutTokensInTheUrlThenRefused(String responseType) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webSignIn(browser);
		browser.follow(signIn.signIn("first", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("implicit", Pkce.generate())
			.replace("response_type=code", "response_type=" + responseType.replace(" ", "%20")));

		URI location = (response.statusCode() == 302) ? HttpExchange.location(response) : null;
		if (location != null) {
			assertThat(location.toString()).doesNotContain("access_token").doesNotContain("id_token=");
			assertThat(HttpExchange.queryParameters(location)).containsKey("error").doesNotContainKey("code");
		}
		else {
			assertThat(response.statusCode()).isEqualTo(400);
		}
	}

	@Test
	void tokenRequestWhenGrantTypeIsPasswordThenUnsupportedGrantType() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "password", "username", this.username, "password", USER_PASSWORD),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("unsupported_grant_type");
	}

	@Test
	void authorizationRequestWhenRedirectUriIsNotRegisteredThenErrorPageAndNoRedirect() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, "https://attacker.example/cb",
				WEB_SCOPES);

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("evil", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("This sign-in request is not valid")
			.contains("invalid_request")
			.doesNotContain("attacker.example")
			.doesNotContain("Exception")
			.doesNotContain("at org.");
	}

	@Test
	void consentPageWhenScopesAreRequestedThenDescribesEachFromTheMessagesAndOpenidNotAtAll() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toConsent = browser
			.follow(webSignIn(browser).signIn("described", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> consentPage = browser.follow(toConsent);

		assertThat(consentPage.statusCode()).isEqualTo(200);
		assertThat(consentPage.body()).contains("Your name and username")
			.contains("Your email address")
			.contains("Read your messages")
			.contains("id=\"scope-message.read\"")
			.doesNotContain("id=\"scope-openid\"");
	}

	@Test
	void consentPageWhenTheClientWasRegisteredByAnAdministratorThenSaysSoAndShowsTheHostTheUserGoesBackTo() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toConsent = browser
			.follow(webSignIn(browser).signIn("facts", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> consentPage = browser.follow(toConsent);

		assertThat(consentPage.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.text(consentPage, "client-redirect-host"))
			.hasValue(URI.create(TestClients.WEB_REDIRECT_URI).getHost());
		assertThat(HtmlDocuments.text(consentPage, "client-registered-by-admin")).isPresent();
		assertThat(HtmlDocuments.text(consentPage, "client-registered-dynamically")).isEmpty();
	}

	@Test
	void consentPageWhenItsAddressNamesOtherScopesOrStateThanThePendingRequestThenErrorPage() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toConsent = browser
			.follow(webSignIn(browser).signIn("crafted", Pkce.generate(), this.username, USER_PASSWORD));
		URI consentUri = HttpExchange.location(toConsent);

		for (Map.Entry<String, String> crafted : Map
			.of("scope", WEB_SCOPES + " message.write", "state", "not-the-pending-state")
			.entrySet()) {
			Map<String, String> parameters = new LinkedHashMap<>(HttpExchange.queryParameters(consentUri));
			parameters.put(crafted.getKey(), crafted.getValue());
			UriComponentsBuilder craftedUri = UriComponentsBuilder.fromPath(consentUri.getPath());
			parameters.forEach(craftedUri::queryParam);
			HttpResponse<String> page = browser.browse(craftedUri.encode().build().toUriString());

			assertThat(page.statusCode()).as(crafted.getKey()).isEqualTo(400);
			assertThat(HtmlDocuments.text(page, "error-code")).as(crafted.getKey()).hasValue("invalid_request");
			assertThat(HtmlDocuments.text(page, "submit-consent")).as(crafted.getKey()).isEmpty();
		}
		assertThat(browser.follow(toConsent).statusCode()).as("the address the server sent").isEqualTo(200);
	}

	@Test
	void consentWhenUserCancelsThenRedirectsWithAccessDenied() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webSignIn(browser);
		HttpResponse<String> toConsent = browser
			.follow(signIn.signIn("cancel", Pkce.generate(), this.username, USER_PASSWORD));
		HttpResponse<String> consentPage = browser.follow(toConsent);

		HttpResponse<String> response = signIn.submitConsent(consentPage, false);

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.WEB_REDIRECT_URI);
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "access_denied")
			.containsEntry("state", "cancel")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@Test
	void refreshTokenWhenUsedThenNewTokensAndOldRefreshTokenIsRotatedOut() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);
		HttpExchange http = HttpExchange.to(this.issuer);

		HttpResponse<String> refreshed = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);

		assertThat(refreshed.statusCode()).isEqualTo(200);
		Map<String, Object> newTokens = HttpExchange.json(refreshed);
		assertThat(newTokens.get("access_token")).isNotNull().isNotEqualTo(tokens.get("access_token"));
		assertThat(newTokens.get("refresh_token")).isNotNull().isNotEqualTo(tokens.get("refresh_token"));
		SignedJwts.verify((String) newTokens.get("access_token"), http.get("/oauth2/jwks").body());

		HttpResponse<String> replay = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(replay).get("error")).isEqualTo("invalid_grant");
	}

	@Test
	void refreshTokenWhenAReplacedOneIsPresentedAgainThenTheWholeGrantIsRevokedAndRecorded() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);
		HttpExchange http = HttpExchange.to(this.issuer);
		Map<String, Object> current = HttpExchange.json(http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
		assertThat(introspect(current.get("access_token"))).containsEntry("active", true);

		HttpResponse<String> reuse = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);

		assertThat(reuse.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(reuse).get("error")).isEqualTo("invalid_grant");
		assertThat(introspect(current.get("access_token"))).as("the current access token")
			.containsExactly(Map.entry("active", false));
		assertThat(introspect(current.get("refresh_token"))).as("the current refresh token")
			.containsExactly(Map.entry("active", false));
		HttpResponse<String> refreshWithCurrent = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", current.get("refresh_token")),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(HttpExchange.json(refreshWithCurrent).get("error")).isEqualTo("invalid_grant");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql(
					"SELECT COUNT(*) FROM audit_event WHERE type = 'REFRESH_REUSE_DETECTED' AND actor = ? AND client_id = ?")
				.param(this.username)
				.param(TestClients.WEB_CLIENT_ID)
				.query(Long.class)
				.single() == 1);
	}

	@Test
	void resourceWhenNamedInTheAuthorizationRequestThenTokensAreForItAndCannotBeWidenedLater() throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = webSignIn(browser).with("resource", TestClients.OTHER_RESOURCE)
			.signInAndConsent("resource", pkce, this.username, USER_PASSWORD);
		String code = HttpExchange.queryParameters(callback).get("code");
		Map<String, Object> widening = new LinkedHashMap<>(
				Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", TestClients.WEB_REDIRECT_URI,
						"code_verifier", pkce.verifier(), "resource", TestClients.DEFAULT_RESOURCE));

		HttpResponse<String> widened = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", widening, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		HttpResponse<String> exchanged = exchangeCode(code, pkce.verifier(), TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI);

		assertThat(widened.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(widened).get("error")).isEqualTo("invalid_target");
		assertThat(exchanged.statusCode()).as("the code still works with the authorized resource").isEqualTo(200);
		JWTClaimsSet accessToken = SignedJwts.claims(SignedJwts
			.verify((String) HttpExchange.json(exchanged).get("access_token"), browser.get("/oauth2/jwks").body()));
		assertThat(accessToken.getAudience()).containsExactly(TestClients.OTHER_RESOURCE, this.issuer);
	}

	@Test
	void resourceWhenTheAuthorizationRequestNamesAnUnknownOneThenInvalidTargetAtTheClient() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webSignIn(browser);
		browser.follow(signIn.signIn("first", Pkce.generate(), this.username, USER_PASSWORD));

		HttpResponse<String> response = browser.browse(
				signIn.with("resource", "https://unknown.example").authorizationRequest("unknown", Pkce.generate()));

		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_target")
			.containsEntry("state", "unknown")
			.doesNotContainKey("code");
	}

	private Map<String, Object> introspect(Object token) {
		return HttpExchange.json(HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/introspect", Map.of("token", token), TestClients.WEB_CLIENT_ID,
					TestClients.WEB_CLIENT_SECRET));
	}

	@Test
	void introspectionWhenTokenIsRevokedThenInactive() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);
		HttpExchange http = HttpExchange.to(this.issuer);
		Map<String, Object> introspect = Map.of("token", tokens.get("access_token"));

		HttpResponse<String> before = http.postFormAsClient("/oauth2/introspect", introspect, TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET);
		assertThat(before.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(before)).containsEntry("active", true)
			.containsEntry("sub", this.username)
			.containsEntry("client_id", TestClients.WEB_CLIENT_ID);

		HttpResponse<String> revoke = http.postFormAsClient("/oauth2/revoke",
				Map.of("token", tokens.get("access_token"), "token_type_hint", "access_token"),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(revoke.statusCode()).isEqualTo(200);

		HttpResponse<String> after = http.postFormAsClient("/oauth2/introspect", introspect, TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET);
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(after)).containsExactly(Map.entry("active", false));
	}

	@Test
	void introspectionWhenClientIsNotAuthenticatedThenUnauthorized() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postForm("/oauth2/introspect", Map.of("token", tokens.get("access_token")));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("\"active\"");
	}

	@Test
	void introspectionWhenAnotherClientAsksThenEveryTokenIsInactiveAsIfUnknownAndTheRefusalIsAudited() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);
		String otherClientId = "curious-" + UUID.randomUUID();
		this.registeredClients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(otherClientId)
			.clientSecret(this.clientSecretEncoder.encode("curious-test-secret"))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("openid")
			.build());

		for (String token : List.of("access_token", "refresh_token", "id_token")) {
			HttpResponse<String> refused = HttpExchange.to(this.issuer)
				.postFormAsClient("/oauth2/introspect", Map.of("token", tokens.get(token)), otherClientId,
						"curious-test-secret");
			assertThat(refused.statusCode()).as(token).isEqualTo(200);
			assertThat(refused.body()).as(token).isEqualTo("{\"active\":false}");
			assertThat(introspect(tokens.get(token))).as("%s for its own client", token)
				.containsEntry("active", true)
				.containsEntry("client_id", TestClients.WEB_CLIENT_ID);
		}
		List<String> audited = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql("""
					SELECT detail FROM audit_event
					WHERE type = 'INTROSPECTION_REFUSED' AND outcome = 'FAILURE' AND actor = ? AND client_id = ?""")
				.params(otherClientId, otherClientId)
				.query(String.class)
				.list(), (rows) -> rows.size() == 3);
		assertThat(audited).containsOnly("token_client_id=" + TestClients.WEB_CLIENT_ID);
	}

	@Test
	void introspectionWhenTheResourceServersClientAsksThenOnlyAccessTokensMeantForItAreActive() {
		Map<String, Object> tokens = signInAsWebClient(WEB_SCOPES);

		assertThat(introspectForDefaultResource(tokens.get("access_token"))).containsEntry("active", true)
			.containsEntry("client_id", TestClients.WEB_CLIENT_ID)
			.containsEntry("sub", this.username);
		assertThat(introspectForDefaultResource(tokens.get("id_token"))).as("an ID token")
			.containsExactly(Map.entry("active", false));

		// The refresh grant replaces the access token by one for another resource server.
		HttpResponse<String> refresh = CodeGrant
			.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI)
			.refresh(tokens.get("refresh_token"), "resource", TestClients.OTHER_RESOURCE);
		assertThat(refresh.statusCode()).as(refresh.body()).isEqualTo(200);
		Map<String, Object> forOtherResource = HttpExchange.json(refresh);
		assertThat(introspectForDefaultResource(forOtherResource.get("access_token"))).as("for another resource")
			.containsExactly(Map.entry("active", false));
		assertThat(introspectForDefaultResource(forOtherResource.get("refresh_token"))).as("a refresh token")
			.containsExactly(Map.entry("active", false));
		assertThat(introspect(forOtherResource.get("access_token"))).as("for its own client")
			.containsEntry("active", true)
			.containsEntry("aud", List.of(TestClients.OTHER_RESOURCE, this.issuer));
	}

	/**
	 * As the client that {@link AuthServerTest} names to introspect for the default
	 * resource.
	 */
	private Map<String, Object> introspectForDefaultResource(Object token) {
		return HttpExchange.json(HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/introspect", Map.of("token", token), TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET));
	}

	@Test
	void logoutWhenRelyingPartyEndsTheSessionThenRedirectsToRegisteredUriAndSessionIsGone() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = signInAsWebClient(browser, WEB_SCOPES);
		assertThat(browser.browse("/").statusCode()).isEqualTo(200);

		HttpResponse<String> logout = browser.browse(UriComponentsBuilder.fromPath("/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token"))
			.queryParam("post_logout_redirect_uri", TestClients.CLIENT_DEMO_URL + "/")
			.queryParam("state", "bye")
			.build()
			.toUriString());

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(logout).toString()).isEqualTo(TestClients.CLIENT_DEMO_URL + "/?state=bye");
		HttpResponse<String> afterLogout = browser.browse("/");
		assertThat(afterLogout.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(afterLogout).getPath()).isEqualTo("/login");
	}

	@Test
	void logoutWhenPostLogoutRedirectUriIsNotRegisteredThenRefusedAndNoRedirect() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = signInAsWebClient(browser, WEB_SCOPES);

		HttpResponse<String> logout = browser.browse(UriComponentsBuilder.fromPath("/connect/logout")
			.queryParam("id_token_hint", tokens.get("id_token"))
			.queryParam("post_logout_redirect_uri", "https://attacker.example/")
			.build()
			.toUriString());

		assertThat(logout.statusCode()).isEqualTo(400);
		assertThat(logout.headers().firstValue("Location")).isEmpty();
	}

	private BrowserSignIn webSignIn(HttpExchange browser) {
		return BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, WEB_SCOPES);
	}

	private Map<String, Object> signInAsWebClient(String scope) {
		return signInAsWebClient(HttpExchange.to(this.issuer), scope);
	}

	private Map<String, Object> signInAsWebClient(HttpExchange browser, String scope) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, scope)
			.signInAndConsent("state", pkce, this.username, USER_PASSWORD);
		HttpResponse<String> response = exchangeCode(HttpExchange.queryParameters(callback).get("code"),
				pkce.verifier(), TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	private HttpResponse<String> exchangeCode(String code, String verifier, String clientId, String secret,
			String redirectUri) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", redirectUri);
		form.put("code_verifier", verifier);
		return HttpExchange.to(this.issuer).postFormAsClient("/oauth2/token", form, clientId, secret);
	}

}
