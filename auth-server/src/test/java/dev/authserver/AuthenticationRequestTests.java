package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.protocol.ClientSignInSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The sign-in parameters of an OpenID Connect authentication request (OpenID Connect Core
 * §3.1.2.1) as a client sees them: {@code prompt}, {@code max_age},
 * {@code id_token_hint}, {@code login_hint} and {@code acr_values}, and the
 * {@code auth_time}, {@code amr} and {@code acr} claims of the ID tokens that follow.
 */
@AuthServerTest
class AuthenticationRequestTests {

	private static final String SCOPES = "openid profile message.read";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RegisteredClientRepository registeredClients;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void promptNoneWhenSignedInAndConsentedThenCodeWithoutAnyPage() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		Pkce pkce = Pkce.generate();

		HttpResponse<String> response = authorize(browser, pkce, "silent", "prompt", "none");

		Map<String, String> callback = callback(response);
		assertThat(callback).containsEntry("state", "silent").containsEntry("iss", this.issuer);
		assertThat(callback.get("code")).isNotBlank();
		assertThat(idToken(tokens(callback, pkce)).getSubject()).isEqualTo(this.username);
	}

	@Test
	void promptNoneWhenNotSignedInThenLoginRequiredAtTheRedirectUri() {
		HttpResponse<String> response = authorize(HttpExchange.to(this.issuer), Pkce.generate(), "anonymous", "prompt",
				"none");

		assertThat(callback(response)).containsEntry("error", "login_required")
			.containsEntry("state", "anonymous")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@Test
	void promptNoneWhenSignedInWithoutConsentThenConsentRequired() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.signIn("no-consent", Pkce.generate(), this.username, TestUsers.PASSWORD);

		HttpResponse<String> response = authorize(browser, Pkce.generate(), "silent", "prompt", "none");

		assertThat(callback(response)).containsEntry("error", "consent_required")
			.containsEntry("state", "silent")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@ParameterizedTest
	@ValueSource(strings = { "login", "select_account" })
	void promptLoginWhenSignedInThenTheLoginFormComesAgainAndTheRequestGoesOnAfterIt(String prompt) throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Date firstSignIn = idToken(signInAndConsent(browser, this.username)).getDateClaim("auth_time");
		String sessionRow = sessionRow(browser);
		Pkce pkce = Pkce.generate();

		HttpResponse<String> toLogin = authorize(browser, pkce, "again", "prompt", prompt);

		assertThat(toLogin.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(toLogin).getPath()).isEqualTo("/login");
		HttpResponse<String> loginPage = browser.follow(toLogin);
		assertThat(HtmlDocuments.text(loginPage, "reauthenticate-message")).as("signed-in notice")
			.hasValueSatisfying((notice) -> assertThat(notice).contains(this.username));
		HttpResponse<String> skipped = authorize(browser, pkce, "again", "prompt", prompt);
		assertThat(HttpExchange.location(skipped).getPath()).as("the live session does not skip the sign-in")
			.isEqualTo("/login");

		// auth_time has whole seconds: the new sign-in comes in a later second.
		Awaitility.await()
			.atMost(Duration.ofSeconds(2))
			.until(() -> Instant.now().getEpochSecond() > firstSignIn.toInstant().getEpochSecond());
		HttpResponse<String> back = signInAt(browser, browser.follow(skipped), this.username);
		assertThat(HttpExchange.location(back).getPath()).isEqualTo("/oauth2/authorize");
		Map<String, String> callback = callback(browser.follow(back));

		assertThat(callback).containsEntry("state", "again").containsEntry("iss", this.issuer);
		JWTClaimsSet idToken = idToken(tokens(callback, pkce));
		assertThat(idToken.getSubject()).isEqualTo(this.username);
		assertThat(idToken.getDateClaim("auth_time")).isAfter(firstSignIn);
		assertThat(sessionRow(browser)).as("the same user keeps the session, under a new id").isEqualTo(sessionRow);
	}

	@Test
	void promptLoginWhenTwoTabsAskAtOnceThenOneSignInAnswersBoth() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		Pkce firstPkce = Pkce.generate();
		Pkce secondPkce = Pkce.generate();
		HttpResponse<String> firstTab = authorize(browser, firstPkce, "tab-1", "prompt", "login");
		HttpResponse<String> secondTab = authorize(browser, secondPkce, "tab-2", "prompt", "login");
		assertThat(HttpExchange.location(firstTab).getPath()).isEqualTo("/login");

		HttpResponse<String> back = signInAt(browser, browser.follow(secondTab), this.username);

		assertThat(callback(browser.follow(back))).as("the request the login form was shown for")
			.containsEntry("state", "tab-2");
		assertThat(callback(authorize(browser, firstPkce, "tab-1", "prompt", "login"))).as("the other tab, reloaded")
			.containsEntry("state", "tab-1")
			.containsKey("code");
		assertThat(HttpExchange.location(authorize(browser, firstPkce, "tab-1", "prompt", "login")).getPath())
			.as("each waiting request passes once")
			.isEqualTo("/login");
	}

	@Test
	void promptLoginWhenNobodyIsSignedInThenOneSignInIsEnough() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();

		URI callback = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.with("prompt", "login")
			.with("max_age", "0")
			.signInAndConsent("once", pkce, this.username, TestUsers.PASSWORD);

		assertThat(HttpExchange.queryParameters(callback)).containsEntry("state", "once").containsKey("code");
	}

	@Test
	void promptLoginWhenAnotherUserSignsInThenTheCodeIsTheirsInASessionOfTheirOwn() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		String firstSession = sessionRow(browser);
		String firstCookie = browser.cookieHeader();
		String other = this.users.create();
		Pkce pkce = Pkce.generate();
		BrowserSignIn signIn = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				SCOPES);

		HttpResponse<String> toLogin = authorize(browser, pkce, "switch", "prompt", "login");
		HttpResponse<String> back = signInAt(browser, browser.follow(toLogin), other);
		HttpResponse<String> toConsent = browser.follow(back);
		assertThat(HttpExchange.location(toConsent).getPath()).as("the other user's own consent")
			.isEqualTo("/oauth2/consent");
		Map<String, String> callback = callback(signIn.submitConsent(browser.follow(toConsent), true));

		assertThat(callback).containsEntry("state", "switch");
		assertThat(idToken(tokens(callback, pkce)).getSubject()).isEqualTo(other);
		assertThat(sessionRow(browser)).as("a new session, not the first user's renamed").isNotEqualTo(firstSession);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM spring_session WHERE primary_id = ?")
			.param(firstSession)
			.query(Integer.class)
			.single()).as("the first user's session is gone").isZero();
		HttpResponse<String> withOldCookie = HttpExchange.to(this.issuer)
			.get("/", "Cookie", firstCookie, "Accept", "text/html");
		assertThat(withOldCookie.statusCode()).as("the first user's cookie signs nobody in").isEqualTo(302);
		assertThat(HttpExchange.location(withOldCookie).getPath()).isEqualTo("/login");
	}

	@Test
	void promptConsentWhenConsentIsStoredThenTheConsentPageComesAgain() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		Pkce pkce = Pkce.generate();

		HttpResponse<String> toConsent = authorize(browser, pkce, "reconsent", "prompt", "consent");

		assertThat(toConsent.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(toConsent).getPath()).isEqualTo("/oauth2/consent");
		HttpResponse<String> consentPage = browser.follow(toConsent);
		Map<String, String> callback = callback(
				BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
					.submitConsent(consentPage, true));
		assertThat(callback).containsEntry("state", "reconsent");
		assertThat(callback.get("code")).isNotBlank();
		assertThat(callback(authorize(browser, Pkce.generate(), "plain", "prompt", "none")).get("code"))
			.as("without prompt=consent the stored consent is enough again")
			.isNotBlank();
	}

	@Test
	void maxAgeWhenTheSignInIsOlderThenTheLoginFormComesAgainAndPromptNoneGetsLoginRequired() throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Date firstSignIn = idToken(signInAndConsent(browser, this.username)).getDateClaim("auth_time");
		assertThat(callback(authorize(browser, Pkce.generate(), "recent", "prompt", "none", "max_age", "60")))
			.as("a sign-in within max_age")
			.containsKey("code");

		// max_age=1: the sign-in is too old once more than a second has passed.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollDelay(Duration.ofMillis(1100))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> "login_required"
				.equals(callback(authorize(browser, Pkce.generate(), "old", "prompt", "none", "max_age", "1"))
					.get("error")));
		Pkce pkce = Pkce.generate();
		HttpResponse<String> toLogin = authorize(browser, pkce, "old", "max_age", "1");
		assertThat(HttpExchange.location(toLogin).getPath()).isEqualTo("/login");
		HttpResponse<String> back = signInAt(browser, browser.follow(toLogin), this.username);
		Map<String, String> callback = callback(browser.follow(back));

		assertThat(callback).containsEntry("state", "old");
		assertThat(idToken(tokens(callback, pkce)).getDateClaim("auth_time")).isAfter(firstSignIn);
	}

	@Test
	void maxAgeWhenZeroThenEverySignInIsTooOldButTheFreshOneLetsTheRequestThrough() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		Pkce pkce = Pkce.generate();

		HttpResponse<String> toLogin = authorize(browser, pkce, "zero", "max_age", "0");
		HttpResponse<String> back = signInAt(browser, browser.follow(toLogin), this.username);

		assertThat(callback(browser.follow(back))).containsEntry("state", "zero").containsKey("code");
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "-1", "1.5", "99999999999" })
	void maxAgeWhenNotASmallNonNegativeIntegerThenInvalidRequest(String maxAge) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);

		assertThat(callback(authorize(browser, Pkce.generate(), "bad-age", "max_age", maxAge)))
			.containsEntry("error", "invalid_request")
			.containsEntry("state", "bad-age")
			.doesNotContainKey("code");
	}

	@Test
	void idTokenWhenAcrValuesAreAskedForThenSaysHowAndWhenTheUserSignedIn() throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Instant before = Instant.now().minusSeconds(1);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.with("acr_values", "urn:dev-authserver:acr:password")
			.signInAndConsent("acr", pkce, this.username, TestUsers.PASSWORD);

		JWTClaimsSet idToken = idToken(tokens(HttpExchange.queryParameters(callback), pkce));

		assertThat(idToken.getStringClaim("acr")).isEqualTo("urn:dev-authserver:acr:password");
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd");
		assertThat(idToken.getDateClaim("auth_time")).isAfterOrEqualTo(Date.from(before)).isBeforeOrEqualTo(new Date());
	}

	/**
	 * A password sign-in's value, which the tests here see in ID tokens, and a passkey
	 * sign-in's, which PasskeysTests sees.
	 */
	@Test
	void discoveryWhenReadThenAdvertisesTheAcrValuesThatIdTokensCarry() {
		for (String document : List.of("/.well-known/openid-configuration",
				"/.well-known/oauth-authorization-server")) {
			assertThat(HttpExchange.json(HttpExchange.to(this.issuer).get(document))).as(document)
				.containsEntry("acr_values_supported",
						List.of("urn:dev-authserver:acr:password", "phr", "urn:dev-authserver:acr:mfa"));
		}
	}

	@Test
	void declaredClientWhenSignInRulesAreConfiguredThenItsSettingsHoldThem() {
		RegisteredClient declared = this.registeredClients.findByClientId(TestClients.DECLARED_CLIENT_ID);

		assertThat(ClientSignInSettings.defaultMaxAge(declared)).hasValue(Duration.ofHours(1));
		assertThat(ClientSignInSettings.requiresAuthTime(declared)).isTrue();
	}

	@Test
	void idTokenHintWhenItNamesTheSignedInUserThenPromptNoneGivesACode() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Object idToken = signInAndConsent(browser, this.username).get("id_token");

		HttpResponse<String> response = authorize(browser, Pkce.generate(), "hinted", "prompt", "none", "id_token_hint",
				idToken.toString());

		assertThat(callback(response)).containsEntry("state", "hinted").containsKey("code");
	}

	@Test
	void idTokenHintWhenItNamesAnotherUserThenPromptNoneGetsLoginRequired() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		String other = this.users.create();
		Object othersIdToken = signInAndConsent(HttpExchange.to(this.issuer), other).get("id_token");

		HttpResponse<String> response = authorize(browser, Pkce.generate(), "other", "prompt", "none", "id_token_hint",
				othersIdToken.toString());

		assertThat(callback(response)).containsEntry("error", "login_required")
			.containsEntry("state", "other")
			.doesNotContainKey("code");
	}

	@Test
	void idTokenHintWhenSignedWithAnotherKeyThenInvalidRequest() throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		signInAndConsent(browser, this.username);
		String kid = JWKSet.parse(browser.get("/oauth2/jwks").body()).getKeys().get(0).getKeyID();
		RSAKey forger = new RSAKeyGenerator(2048).keyID(kid).generate();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
				new JWTClaimsSet.Builder().issuer(this.issuer)
					.subject(this.username)
					.audience(TestClients.WEB_CLIENT_ID)
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(600)))
					.build());
		sign(forged, forger);

		HttpResponse<String> response = authorize(browser, Pkce.generate(), "forged", "prompt", "none", "id_token_hint",
				forged.serialize());

		assertThat(callback(response)).containsEntry("error", "invalid_request")
			.containsEntry("state", "forged")
			.doesNotContainKey("code");
	}

	@Test
	void idTokenHintWhenIssuedToAnotherClientOrNoIdTokenThenInvalidRequest() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = signInAndConsent(browser, this.username);
		Pkce publicPkce = Pkce.generate();
		URI publicCallback = BrowserSignIn
			.of(HttpExchange.to(this.issuer), TestClients.PUBLIC_CLIENT_ID, TestClients.PUBLIC_REDIRECT_URI,
					"openid profile")
			.signInAndConsent("public", publicPkce, this.username, TestUsers.PASSWORD);
		HttpResponse<String> publicTokens = browser.postForm("/oauth2/token",
				Map.of("grant_type", "authorization_code", "code",
						HttpExchange.queryParameters(publicCallback).get("code"), "redirect_uri",
						TestClients.PUBLIC_REDIRECT_URI, "client_id", TestClients.PUBLIC_CLIENT_ID, "code_verifier",
						publicPkce.verifier()));
		Object othersIdToken = HttpExchange.json(publicTokens).get("id_token");

		for (Object hint : List.of(othersIdToken, tokens.get("access_token"), "not-a-jwt")) {
			assertThat(callback(authorize(browser, Pkce.generate(), "wrong-hint", "prompt", "none", "id_token_hint",
					hint.toString())))
				.containsEntry("error", "invalid_request")
				.doesNotContainKey("code");
		}
	}

	@Test
	void loginHintWhenGivenThenFillsInTheUsernameEscaped() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		String hint = "\"><script>alert(1)</script>";

		HttpResponse<String> loginPage = browser
			.follow(authorize(browser, Pkce.generate(), "hint", "login_hint", hint));

		assertThat(HtmlDocuments.fieldValue(loginPage, "username")).contains(hint);
		assertThat(loginPage.body()).doesNotContain("<script>");
		assertThat(HtmlDocuments.text(loginPage, "reauthenticate-message")).as("nobody is signed in").isEmpty();
		HttpResponse<String> longHint = HttpExchange.to(this.issuer)
			.browse(BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
				.with("login_hint", "u".repeat(201))
				.authorizationRequest("long", Pkce.generate()));
		assertThat(HtmlDocuments.fieldValue(HttpExchange.to(this.issuer).follow(longHint), "username"))
			.as("a hint longer than any username")
			.hasValueSatisfying((value) -> assertThat(value).isEmpty());
	}

	/**
	 * Signs in and approves {@link #SCOPES} for the web client; the tokens that follow.
	 */
	private Map<String, Object> signInAndConsent(HttpExchange browser, String user) {
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.signInAndConsent("first", pkce, user, TestUsers.PASSWORD);
		return tokens(HttpExchange.queryParameters(callback), pkce);
	}

	private HttpResponse<String> authorize(HttpExchange browser, Pkce pkce, String state, String... parameters) {
		BrowserSignIn request = BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
				SCOPES);
		for (int i = 0; i < parameters.length; i += 2) {
			request.with(parameters[i], parameters[i + 1]);
		}
		return browser.browse(request.authorizationRequest(state, pkce));
	}

	/** Posts the login form; the redirect that follows. */
	private static HttpResponse<String> signInAt(HttpExchange browser, HttpResponse<String> loginPage, String user) {
		assertThat(loginPage.statusCode()).isEqualTo(200);
		HttpResponse<String> response = browser.postForm("/login",
				Map.of("username", user, "password", TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(response.statusCode()).isEqualTo(302);
		return response;
	}

	/** The parameters of a redirect to the web client. */
	private static Map<String, String> callback(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		return HttpExchange.queryParameters(location);
	}

	private Map<String, Object> tokens(Map<String, String> callback, Pkce pkce) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", callback.get("code"));
		form.put("redirect_uri", TestClients.WEB_REDIRECT_URI);
		form.put("code_verifier", pkce.verifier());
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", form, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	private JWTClaimsSet idToken(Map<String, Object> tokens) {
		return SignedJwts.claims(SignedJwts.verify((String) tokens.get("id_token"),
				HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
	}

	/**
	 * The row of the browser's session in Spring Session's table: its primary id, which a
	 * new session id keeps and a new session does not.
	 */
	private String sessionRow(HttpExchange browser) {
		String cookie = List.of(browser.cookieHeader().split("; "))
			.stream()
			.filter((pair) -> pair.startsWith("SESSION="))
			.findFirst()
			.orElseThrow()
			.substring("SESSION=".length());
		String sessionId = new String(Base64.getDecoder().decode(cookie), StandardCharsets.UTF_8);
		return this.jdbc.sql("SELECT primary_id FROM spring_session WHERE session_id = ?")
			.param(sessionId)
			.query(String.class)
			.single();
	}

	private static void sign(SignedJWT jwt, RSAKey key) throws JOSEException {
		jwt.sign(new RSASSASigner(key));
	}

}
