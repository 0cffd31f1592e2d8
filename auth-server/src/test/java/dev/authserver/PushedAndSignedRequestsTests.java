package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.authserver.authorizations.CleanupTask;
import dev.authserver.clients.ClientMetadataMapping;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Pushed authorization requests (RFC 9126) and signed request objects (RFC 9101), over
 * HTTP as a client and a browser see them.
 */
@AuthServerTest
class PushedAndSignedRequestsTests {

	private static final RSAKey CLIENT_KEY = ClientAssertions.newRsaKey();

	private static final RSAKey OTHER_KEY = ClientAssertions.newRsaKey();

	private static final String REDIRECT_URI = "https://pushing.example/callback";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	List<CleanupTask> cleanupTasks;

	@Test
	void pushedRequestWhenRedeemedThenACodeAndTheRequestUriIsUsedUp() {
		Pkce pkce = Pkce.generate();
		HttpResponse<String> pushed = push(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				request(TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "pushed-state", pkce));

		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		Map<String, Object> response = HttpExchange.json(pushed);
		String requestUri = (String) response.get("request_uri");
		assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");
		assertThat(((Number) response.get("expires_in")).longValue()).isBetween(1L, 300L);
		assertThat(storedRequests(TestClients.WEB_CLIENT_SECRET)).as("no client secret stored with the request")
			.isZero();

		HttpExchange browser = HttpExchange.to(this.issuer);
		String authorize = redemption(TestClients.WEB_CLIENT_ID, requestUri);
		URI callback = signInAndConsent(browser, authorize, TestClients.WEB_CLIENT_ID);
		assertThat(callback.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		Map<String, String> result = HttpExchange.queryParameters(callback);
		assertThat(result).containsEntry("state", "pushed-state").containsEntry("iss", this.issuer).containsKey("code");
		HttpResponse<String> token = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "authorization_code", "code", result.get("code"), "redirect_uri",
							TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier()),
					TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);

		HttpResponse<String> again = browser.browse(authorize);
		assertThat(again.statusCode()).as("a request_uri is used once").isEqualTo(400);
		assertThat(again.headers().firstValue("Location")).isEmpty();
		assertThat(HtmlDocuments.text(again, "error-code")).contains("invalid_request_uri");
	}

	@Test
	void pushedRequestWhenExpiredUnknownOrAnotherClientsThenInvalidRequestUriOnTheErrorPage() {
		HttpResponse<String> pushed = push(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				request(TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "late", Pkce.generate()));
		String requestUri = (String) HttpExchange.json(pushed).get("request_uri");
		// The framework writes the expiry into the request URI and its stored state;
		// moved into the past in both, the request is one that expired.
		String state = requestUri.substring("urn:ietf:params:oauth:request_uri:".length());
		String expired = state.substring(0, state.indexOf("___") + 3) + Instant.now().minusSeconds(1).toEpochMilli();
		assertThat(this.jdbc.sql("UPDATE oauth2_authorization SET state = ? WHERE state = ?")
			.params(expired, state)
			.update()).isEqualTo(1);
		String othersRequestUri = (String) HttpExchange
			.json(push(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
					request(TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "others", Pkce.generate())))
			.get("request_uri");
		String otherClientId = saveKeyClient(UnaryOperator.identity());
		Map<String, String> redemptions = new LinkedHashMap<>();
		redemptions.put("expired",
				redemption(TestClients.WEB_CLIENT_ID, "urn:ietf:params:oauth:request_uri:" + expired));
		redemptions.put("never pushed", redemption(TestClients.WEB_CLIENT_ID,
				"urn:ietf:params:oauth:request_uri:never-pushed___" + Instant.now().plusSeconds(60).toEpochMilli()));
		redemptions.put("no expiry", redemption(TestClients.WEB_CLIENT_ID, "urn:ietf:params:oauth:request_uri:x"));
		redemptions.put("another client's", redemption(otherClientId, othersRequestUri));

		redemptions.forEach((problem, redemption) -> {
			for (HttpExchange browser : List.of(signedIn(), HttpExchange.to(this.issuer))) {
				HttpResponse<String> response = browser.browse(redemption);
				assertThat(response.statusCode()).as(problem).isEqualTo(400);
				assertThat(response.headers().firstValue("Location")).as(problem + ", even to the login form")
					.isEmpty();
				assertThat(HtmlDocuments.text(response, "error-code")).as(problem).contains("invalid_request_uri");
			}
		});
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE state = ?")
			.param(expired)
			.query(Integer.class)
			.single()).as("an expired request is removed").isZero();
	}

	@Test
	void pushedRequestWhenRedeemedByRequestsAtOnceThenOneGetsACodeAndTheOthersInvalidRequestUri() throws Exception {
		String clientId = saveKeyClient((settings) -> settings.requireAuthorizationConsent(false));
		HttpResponse<String> pushed = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par", ClientAssertions.form(request(clientId, REDIRECT_URI, "race", Pkce.generate()),
					clientId, assertion(clientId)));
		String redemption = redemption(clientId, (String) HttpExchange.json(pushed).get("request_uri"));

		URI callback = ParallelTokenRequests.onlyOneRedemptionGetsACode(this.issuer, redemption,
				signedIn().cookieHeader());

		assertThat(HttpExchange.queryParameters(callback)).containsEntry("state", "race");
	}

	@Test
	void pushedRequestWhenItAsksForAFreshSignInOrAFormPostThenThatCountsAndNotTheQuery() {
		String clientId = saveKeyClient(UnaryOperator.identity());
		HttpExchange browser = signedIn();
		Map<String, String> freshSignIn = request(clientId, REDIRECT_URI, "fresh", Pkce.generate());
		freshSignIn.put("prompt", "login");
		String requestUri = pushSigned(clientId, freshSignIn);

		URI toLogin = HttpExchange.location(browser.browse(redemption(clientId, requestUri)));
		assertThat(toLogin.getPath()).as("prompt=login of the pushed request").isEqualTo("/login");
		HttpResponse<String> loginPage = browser.browse(toLogin.toString());
		HttpResponse<String> signedInAgain = browser.postForm("/login", Map.of("username", this.users.create(),
				"password", TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(HttpExchange.location(browser.follow(signedInAgain)).getPath())
			.as("the request URI is not used up by the sign-in it asked for")
			.isEqualTo("/oauth2/consent");

		Map<String, String> formPost = request(clientId, REDIRECT_URI, "posted", Pkce.generate());
		formPost.put("response_mode", "form_post");
		String formPostUri = pushSigned(clientId, formPost);
		HttpResponse<String> consentPage = browser.follow(browser
			.browse(redemption(clientId, formPostUri) + "&prompt=none&response_mode=query&state=from-the-query"));
		HttpResponse<String> response = BrowserSignIn.of(browser, clientId, REDIRECT_URI, "openid profile")
			.submitConsent(consentPage, true);
		assertThat(response.statusCode()).as("the form of response_mode=form_post, not a redirect").isEqualTo(200);
		assertThat(HtmlDocuments.fieldValue(response, "state")).contains("posted");
		assertThat(HtmlDocuments.fieldValue(response, "code")).isPresent();
	}

	@Test
	void pushedRequestWhenClientAuthenticationFailsThenInvalidClient() {
		HttpResponse<String> response = push(TestClients.WEB_CLIENT_ID, "wrong-secret",
				request(TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "s", Pkce.generate()));
		HttpResponse<String> anonymous = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par",
					request(TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "s", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(anonymous)).containsEntry("error", "invalid_client");
	}

	@Test
	void pushedRequestWhenItsRedirectUriIsNotRegisteredThenInvalidRequestAsJson() {
		HttpResponse<String> response = push(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				request(TestClients.WEB_CLIENT_ID, "https://attacker.example/cb", "s", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void plainAuthorizationRequestWhenTheClientRequiresPushedRequestsThenInvalidRequestAtTheClient() {
		String clientId = saveKeyClient(
				(settings) -> settings.setting(ClientMetadataMapping.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS, true));
		HttpExchange browser = signedIn();

		URI location = HttpExchange.location(browser.browse(plainRequest(clientId, "plain", Map.of())));

		assertThat(location.toString()).startsWith(REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_request")
			.containsEntry("state", "plain")
			.doesNotContainKey("code");
		HttpResponse<String> pushed = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par", ClientAssertions.form(request(clientId, REDIRECT_URI, "pushed", Pkce.generate()),
					clientId, assertion(clientId)));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		URI redeemed = HttpExchange
			.location(browser.browse(redemption(clientId, (String) HttpExchange.json(pushed).get("request_uri"))));
		assertThat(redeemed.getPath()).as("on to the consent page").isEqualTo("/oauth2/consent");
	}

	@Test
	void requestObjectWhenSignedByTheClientThenOnlyItsParametersCount() throws Exception {
		String clientId = saveKeyClient(UnaryOperator.identity());
		Pkce pkce = Pkce.generate();
		String object = ClientAssertions.sign(objectClaims(clientId, pkce, "object-state").build(), CLIENT_KEY);
		HttpExchange browser = signedIn();

		// The query's state, scope, nonce and prompt are not the object's: RFC 9101 §6.3
		// ignores them (prompt=none would end in consent_required).
		HttpResponse<String> toConsent = browser.browse(plainRequest(clientId, "query-state",
				Map.of("request", object, "scope", "openid profile email", "nonce", "query-nonce", "prompt", "none")));

		URI consent = HttpExchange.location(toConsent);
		assertThat(consent.getPath()).as(toConsent.toString()).isEqualTo("/oauth2/consent");
		HttpResponse<String> consentPage = browser.follow(toConsent);
		assertThat(HttpExchange.queryParameters(consentPage.uri()).get("scope").split(" ")).containsOnly("openid",
				"profile");
		URI callback = HttpExchange.location(
				BrowserSignIn.of(browser, clientId, REDIRECT_URI, "openid profile").submitConsent(consentPage, true));
		assertThat(HttpExchange.queryParameters(callback)).containsEntry("state", "object-state").containsKey("code");
		HttpResponse<String> tokens = HttpExchange.to(this.issuer)
			.postForm("/oauth2/token",
					ClientAssertions.form(Map.of("grant_type", "authorization_code", "code",
							HttpExchange.queryParameters(callback).get("code"), "redirect_uri", REDIRECT_URI,
							"code_verifier", pkce.verifier()), clientId, assertion(clientId)));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		assertThat(
				SignedJWT.parse((String) HttpExchange.json(tokens).get("id_token")).getJWTClaimsSet().getClaim("nonce"))
			.as("the object's nonce")
			.isEqualTo("n-object-state");

		URI replayed = HttpExchange
			.location(browser.browse(plainRequest(clientId, "again", Map.of("request", object))));
		assertThat(HttpExchange.queryParameters(replayed)).as("a request object is used once")
			.containsEntry("error", "invalid_request_object");
	}

	@Test
	void requestObjectWhenItAsksForAFreshSignInThenItIsUsedUpOnlyOnceThatSignInIsDone() {
		String clientId = saveKeyClient(UnaryOperator.identity());
		String object = ClientAssertions
			.sign(objectClaims(clientId, Pkce.generate(), "fresh").claim("prompt", "login").build(), CLIENT_KEY);
		HttpExchange browser = signedIn();

		URI toLogin = HttpExchange.location(browser.browse(plainRequest(clientId, "q", Map.of("request", object))));
		assertThat(toLogin.getPath()).as("the object's prompt=login").isEqualTo("/login");
		assertThat(usedObjects(clientId)).as("not used up before the sign-in it asks for").isZero();
		HttpResponse<String> loginPage = browser.browse(toLogin.toString());
		HttpResponse<String> signedInAgain = browser.postForm("/login", Map.of("username", this.users.create(),
				"password", TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));

		assertThat(HttpExchange.location(browser.follow(signedInAgain)).getPath()).isEqualTo("/oauth2/consent");
		assertThat(usedObjects(clientId)).isOne();
	}

	@Test
	void loginHintWhenInTheRequestObjectOrThePushedRequestThenItFillsInTheUsernameAndTheQuerysDoesNot() {
		String clientId = saveKeyClient(UnaryOperator.identity());
		String object = ClientAssertions.sign(
				objectClaims(clientId, Pkce.generate(), "hinted").claim("login_hint", "object-hint").build(),
				CLIENT_KEY);
		Map<String, String> pushedRequest = request(clientId, REDIRECT_URI, "hinted", Pkce.generate());
		pushedRequest.put("login_hint", "pushed-hint");
		String requestUri = pushSigned(clientId, pushedRequest);

		HttpExchange byValue = HttpExchange.to(this.issuer);
		HttpResponse<String> objectsLoginPage = byValue
			.follow(byValue.browse(plainRequest(clientId, "q", Map.of("request", object, "login_hint", "query-hint"))));
		HttpExchange pushed = HttpExchange.to(this.issuer);
		HttpResponse<String> pushedLoginPage = pushed
			.follow(pushed.browse(redemption(clientId, requestUri) + "&login_hint=query-hint"));

		assertThat(HtmlDocuments.fieldValue(objectsLoginPage, "username")).contains("object-hint");
		assertThat(HtmlDocuments.fieldValue(pushedLoginPage, "username")).contains("pushed-hint");
	}

	@Test
	void requestObjectWhenNotAcceptableThenInvalidRequestObjectAtTheClient() {
		String clientId = saveKeyClient(UnaryOperator.identity());
		HttpExchange browser = signedIn();

		unacceptableObjects(clientId).forEach((problem, object) -> {
			URI location = HttpExchange
				.location(browser.browse(plainRequest(clientId, "s", Map.of("request", object))));
			assertThat(location.toString()).as(problem).startsWith(REDIRECT_URI + "?");
			assertThat(HttpExchange.queryParameters(location)).as(problem)
				.containsEntry("error", "invalid_request_object")
				.doesNotContainKey("code");
		});
	}

	@Test
	void requestObjectWhenNotAcceptableInAPushedRequestThenInvalidRequestObjectAsJson() {
		String clientId = saveKeyClient(UnaryOperator.identity());

		unacceptableObjects(clientId).forEach((problem, object) -> {
			HttpResponse<String> response = HttpExchange.to(this.issuer)
				.postForm("/oauth2/par", ClientAssertions.form(Map.of("client_id", clientId, "request", object), null,
						assertion(clientId)));
			assertThat(response.statusCode()).as(problem).isEqualTo(400);
			assertThat(HttpExchange.json(response)).as(problem).containsEntry("error", "invalid_request_object");
		});
	}

	/**
	 * Request objects of this client that must each be refused, by what is wrong with
	 * them; the last one is a replay of an object this method has used up at the pushed
	 * authorization request endpoint.
	 */
	private Map<String, String> unacceptableObjects(String clientId) {
		Pkce pkce = Pkce.generate();
		Map<String, String> objects = new LinkedHashMap<>();
		objects.put("other key", ClientAssertions.sign(objectClaims(clientId, pkce, "s").build(), OTHER_KEY));
		objects.put("another algorithm than the client's", ClientAssertions
			.sign(objectClaims(clientId, pkce, "s").build(), "a-secret-that-is-long-enough-for-hs256"));
		objects.put("expired", ClientAssertions.sign(
				objectClaims(clientId, pkce, "s").expirationTime(Date.from(Instant.now().minusSeconds(300))).build(),
				CLIENT_KEY));
		objects.put("too long a life",
				ClientAssertions.sign(
						objectClaims(clientId, pkce, "s").expirationTime(Date.from(Instant.now().plusSeconds(3 * 3600)))
							.build(),
						CLIENT_KEY));
		objects.put("nbf in the future", ClientAssertions.sign(
				objectClaims(clientId, pkce, "s").notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build(),
				CLIENT_KEY));
		objects.put("unsigned", new PlainJWT(objectClaims(clientId, pkce, "s").build()).serialize());
		objects.put("another client_id", ClientAssertions
			.sign(objectClaims(clientId, pkce, "s").claim("client_id", "someone-else").build(), CLIENT_KEY));
		objects.put("another issuer",
				ClientAssertions.sign(objectClaims(clientId, pkce, "s").issuer("someone-else").build(), CLIENT_KEY));
		objects.put("another audience", ClientAssertions
			.sign(objectClaims(clientId, pkce, "s").audience("https://elsewhere.example").build(), CLIENT_KEY));
		objects.put("no jti", ClientAssertions.sign(objectClaims(clientId, pkce, "s").jwtID(null).build(), CLIENT_KEY));
		String used = ClientAssertions.sign(objectClaims(clientId, pkce, "s").build(), CLIENT_KEY);
		HttpResponse<String> first = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par",
					ClientAssertions.form(Map.of("client_id", clientId, "request", used), null, assertion(clientId)));
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		objects.put("replayed", used);
		return objects;
	}

	@Test
	void requestObjectWhenPushedThenAcceptedOnceAndItsRedemptionCountsAsSigned() {
		String clientId = saveKeyClient(
				(settings) -> settings.setting(ClientMetadataMapping.REQUIRE_SIGNED_REQUEST_OBJECT, true));
		Pkce pkce = Pkce.generate();
		String object = ClientAssertions.sign(objectClaims(clientId, pkce, "pushed-object").build(), CLIENT_KEY);
		Map<String, String> form = Map.of("client_id", clientId, "request", object);

		HttpResponse<String> pushed = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par", ClientAssertions.form(form, null, assertion(clientId)));
		HttpResponse<String> replayed = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par", ClientAssertions.form(form, null, assertion(clientId)));
		HttpResponse<String> unsigned = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par",
					ClientAssertions.form(request(clientId, REDIRECT_URI, "s", pkce), clientId, assertion(clientId)));

		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(replayed)).containsEntry("error", "invalid_request_object");
		assertThat(usedObjects(clientId)).as("its jti, kept until it expires").isOne();
		this.jdbc.sql("UPDATE used_request_object SET expires_at = ? WHERE client_id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(1)), clientId)
			.update();
		CleanupTask usedObjectsCleanup = this.cleanupTasks.stream()
			.filter((task) -> task.rows().contains("request object"))
			.findFirst()
			.orElseThrow();
		assertThat(usedObjectsCleanup.deleteBatch(Instant.now(), Instant.now(), 100)).isPositive();
		assertThat(usedObjects(clientId)).as("deleted by the cleanup job once expired").isZero();
		assertThat(unsigned.statusCode()).as("this client requires signed request objects").isEqualTo(400);
		assertThat(HttpExchange.json(unsigned)).containsEntry("error", "invalid_request");
		HttpExchange browser = signedIn();
		URI redeemed = HttpExchange
			.location(browser.browse(redemption(clientId, (String) HttpExchange.json(pushed).get("request_uri"))));
		assertThat(redeemed.getPath()).as("on to the consent page").isEqualTo("/oauth2/consent");
		URI plain = HttpExchange.location(browser.browse(plainRequest(clientId, "plain", Map.of())));
		assertThat(HttpExchange.queryParameters(plain)).containsEntry("error", "invalid_request")
			.containsEntry("state", "plain");
	}

	@Test
	void fapiClientWhenItPushesAndProvesPossessionThenBoundTokensAndOtherwiseRefused() throws Exception {
		String clientId = saveKeyClient(
				(settings) -> settings.setting(ClientMetadataMapping.FAPI2_SECURITY_PROFILE, true));
		HttpExchange browser = HttpExchange.to(this.issuer);
		URI plain = HttpExchange.location(signedIn(browser).browse(plainRequest(clientId, "plain", Map.of())));
		assertThat(HttpExchange.queryParameters(plain)).as("FAPI 2.0: pushed requests only")
			.containsEntry("error", "invalid_request");
		Pkce pkce = Pkce.generate();
		HttpResponse<String> pushed = HttpExchange.to(this.issuer)
			.postForm("/oauth2/par", ClientAssertions.form(request(clientId, REDIRECT_URI, "fapi", pkce), clientId,
					assertion(clientId)));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		HttpResponse<String> toConsent = browser
			.browse(redemption(clientId, (String) HttpExchange.json(pushed).get("request_uri")));
		HttpResponse<String> consentPage = browser.follow(toConsent);
		String code = HttpExchange.queryParameters(HttpExchange.location(
				BrowserSignIn.of(browser, clientId, REDIRECT_URI, "openid profile").submitConsent(consentPage, true)))
			.get("code");
		Map<String, String> tokenRequest = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				REDIRECT_URI, "code_verifier", pkce.verifier());

		HttpResponse<String> unbound = HttpExchange.to(this.issuer)
			.postForm("/oauth2/token", ClientAssertions.form(tokenRequest, clientId, assertion(clientId)));
		HttpResponse<String> bound = HttpExchange.to(this.issuer)
			.postForm("/oauth2/token", ClientAssertions.form(tokenRequest, clientId, assertion(clientId)), "DPoP",
					dpopProof());

		assertThat(unbound.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(unbound)).containsEntry("error", "invalid_request");
		assertThat(bound.statusCode()).as(bound.body()).isEqualTo(200);
		assertThat(HttpExchange.json(bound)).containsEntry("token_type", "DPoP");
	}

	/**
	 * The request URI of a request the key client pushed, authenticated by its assertion.
	 */
	private String pushSigned(String clientId, Map<String, String> form) {
		return (String) HttpExchange
			.json(HttpExchange.to(this.issuer)
				.postForm("/oauth2/par", ClientAssertions.form(form, clientId, assertion(clientId))))
			.get("request_uri");
	}

	private HttpResponse<String> push(String clientId, String secret, Map<String, String> form) {
		return HttpExchange.to(this.issuer).postFormAsClient("/oauth2/par", form, clientId, secret);
	}

	private static Map<String, String> request(String clientId, String redirectUri, String state, Pkce pkce) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("response_type", "code");
		form.put("client_id", clientId);
		form.put("redirect_uri", redirectUri);
		form.put("scope", "openid profile");
		form.put("state", state);
		form.put("code_challenge", pkce.challenge());
		form.put("code_challenge_method", "S256");
		return form;
	}

	private static String redemption(String clientId, String requestUri) {
		return "/oauth2/authorize?client_id=" + encode(clientId) + "&request_uri=" + encode(requestUri);
	}

	private static String plainRequest(String clientId, String state, Map<String, String> more) {
		StringBuilder uri = new StringBuilder("/oauth2/authorize?");
		Map<String, String> parameters = new LinkedHashMap<>(request(clientId, REDIRECT_URI, state, Pkce.generate()));
		parameters.putAll(more);
		parameters.forEach((name, value) -> uri.append(encode(name)).append('=').append(encode(value)).append('&'));
		return uri.toString();
	}

	private JWTClaimsSet.Builder objectClaims(String clientId, Pkce pkce, String state) {
		return ClientAssertions.claims(clientId, this.issuer)
			.subject(null)
			.notBeforeTime(new Date())
			.claim("response_type", "code")
			.claim("client_id", clientId)
			.claim("redirect_uri", REDIRECT_URI)
			.claim("scope", "openid profile")
			.claim("state", state)
			.claim("nonce", "n-" + state)
			.claim("code_challenge", pkce.challenge())
			.claim("code_challenge_method", "S256");
	}

	private String assertion(String clientId) {
		return ClientAssertions.sign(ClientAssertions.claims(clientId, this.issuer).build(), CLIENT_KEY);
	}

	private URI signInAndConsent(HttpExchange browser, String authorize, String clientId) {
		HttpResponse<String> toLogin = browser.browse(authorize);
		assertThat(HttpExchange.location(toLogin).getPath()).isEqualTo("/login");
		HttpResponse<String> loginPage = browser.follow(toLogin);
		HttpResponse<String> loggedIn = browser.postForm("/login", Map.of("username", this.users.create(), "password",
				TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		HttpResponse<String> toConsent = browser.follow(loggedIn);
		assertThat(HttpExchange.location(toConsent).getPath()).as("the request survives the sign-in")
			.isEqualTo("/oauth2/consent");
		HttpResponse<String> consentPage = browser.follow(toConsent);
		return HttpExchange
			.location(BrowserSignIn.of(browser, clientId, null, "openid profile").submitConsent(consentPage, true));
	}

	/** A browser with a signed-in user, who has consented to nothing. */
	private HttpExchange signedIn() {
		return signedIn(HttpExchange.to(this.issuer));
	}

	private HttpExchange signedIn(HttpExchange browser) {
		HttpResponse<String> loginPage = browser.browse("/login");
		HttpResponse<String> loggedIn = browser.postForm("/login", Map.of("username", this.users.create(), "password",
				TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		return browser;
	}

	private String saveKeyClient(UnaryOperator<ClientSettings.Builder> more) {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("pushing-" + UUID.randomUUID())
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT_URI)
			.scope("openid")
			.scope("profile")
			.scope("email")
			.clientSettings(more
				.apply(ClientAssertions.withPublicKeyOf(CLIENT_KEY)
					.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
					.requireProofKey(true)
					.requireAuthorizationConsent(true))
				.build())
			.build();
		this.clients.save(client);
		return client.getClientId();
	}

	private int usedObjects(String clientId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM used_request_object WHERE client_id = ?")
			.param(clientId)
			.query(Integer.class)
			.single();
	}

	private int storedRequests(String secret) {
		return this.jdbc.sql("SELECT COUNT(*) FROM oauth2_authorization WHERE attributes LIKE ?")
			.param("%" + secret + "%")
			.query(Integer.class)
			.single();
	}

	private String dpopProof() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		SignedJWT proof = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
					.jwk(key.toPublicJWK())
					.build(),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
					.claim("htm", "POST")
					.claim("htu", this.issuer + "/oauth2/token")
					.issueTime(new Date())
					.build());
		proof.sign(new ECDSASigner(key));
		return proof.serialize();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
