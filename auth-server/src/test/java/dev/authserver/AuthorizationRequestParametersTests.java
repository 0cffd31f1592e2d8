package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The OpenID Connect authorization request's parameters beyond OAuth's: request objects,
 * which this server takes only signed by the client and request URIs only as its pushed
 * authorization request endpoint issues them (OIDC Core §6, the rest in
 * PushedAndSignedRequestsTests), and the {@code claims} parameter, which it honours for
 * the claims it holds (OIDC Core §5.5).
 */
@AuthServerTest
class AuthorizationRequestParametersTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	/**
	 * RFC 6749 §3.1: no parameter twice. A second {@code nonce} once reached the store,
	 * which could not read the request back: a 500 at the answer.
	 */
	@Test
	void authorizationRequestWhenItRepeatsAParameterThenInvalidRequestAtTheClient() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webClient(browser, "openid profile").with("nonce", "a-second-nonce");

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("twice", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_request")
			.containsEntry("error_description", "OAuth 2.0 Parameter repeated: nonce")
			.containsEntry("state", "twice")
			.doesNotContainKey("code");
	}

	@Test
	void authorizationRequestWhenItCarriesAnUnsignedRequestObjectThenInvalidRequestObjectAtTheClient() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webClient(browser, "openid profile").with("request",
				"eyJhbGciOiJub25lIn0.eyJzY29wZSI6Im9wZW5pZCJ9.");

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("by-value", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_request_object")
			.containsEntry("state", "by-value")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://client.example/request.jwt", "urn:example:request:1" })
	void authorizationRequestWhenItCarriesARequestUriNotPushedHereThenRequestUriNotSupportedAtTheClient(
			String requestUri) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webClient(browser, "openid profile").with("request_uri", requestUri);

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("by-reference", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(TestClients.WEB_REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "request_uri_not_supported")
			.containsEntry("state", "by-reference")
			.containsEntry("iss", this.issuer);
	}

	@Test
	void authorizationRequestWhenARequestUriComesWithAnUnregisteredRedirectUriThenTheErrorPage() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, "https://attacker.example/cb", "openid profile")
			.with("request_uri", "https://client.example/request.jwt");

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("evil", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).doesNotContain("attacker.example");
	}

	@Test
	void claimsParameterWhenAClaimIsAskedForInTheIdTokenThenTheIdTokenHasItBeyondTheScopes() throws Exception {
		Map<String, Object> tokens = tokens("openid profile",
				"{\"id_token\":{\"email\":null,\"email_verified\":{\"essential\":true},\"no_such_claim\":null}}");

		JWTClaimsSet idToken = SignedJwts.claims(SignedJwts.verify((String) tokens.get("id_token"),
				HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
		assertThat(idToken.getStringClaim("email")).isEqualTo(this.username + "@example.com");
		assertThat(idToken.getBooleanClaim("email_verified")).isTrue();
		assertThat(idToken.getStringClaim("name")).as("the profile scope's").isEqualTo(TestUsers.NAME);
		assertThat(idToken.getClaims()).as("an unknown claim is ignored").doesNotContainKey("no_such_claim");
		assertThat(userInfo(tokens)).as("asked for in the ID token only").doesNotContainKey("email");
	}

	@Test
	void claimsParameterWhenAClaimIsAskedForAtUserInfoThenUserInfoHasItAndTheIdTokenDoesNot() throws Exception {
		Map<String, Object> tokens = tokens("openid profile",
				"{\"userinfo\":{\"email\":{\"essential\":true},\"phone_number\":null},\"unknown_member\":{}}");

		assertThat(userInfo(tokens)).containsEntry("sub", this.username)
			.containsEntry("email", this.username + "@example.com")
			.containsEntry("name", TestUsers.NAME)
			.doesNotContainKey("phone_number")
			.doesNotContainKey("email_verified");
		JWTClaimsSet idToken = SignedJwts.claims(SignedJwts.verify((String) tokens.get("id_token"),
				HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
		assertThat(idToken.getClaims()).doesNotContainKey("email");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "not json", "[\"email\"]", "{\"id_token\":[\"email\"]}", "{\"userinfo\":{\"email\":true}}" })
	void claimsParameterWhenItIsNotTheJsonObjectOfTheSpecThenInvalidRequestAtTheClient(String claims) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = webClient(browser, "openid profile").with("claims", claims);

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("malformed", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.queryParameters(HttpExchange.location(response)))
			.containsEntry("error", "invalid_request")
			.containsEntry("state", "malformed")
			.doesNotContainKey("code");
	}

	private BrowserSignIn webClient(HttpExchange browser, String scope) {
		return BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, scope);
	}

	/** Signs in with this {@code claims} parameter, consents and redeems the code. */
	private Map<String, Object> tokens(String scope, String claims) {
		Pkce pkce = Pkce.generate();
		URI callback = webClient(HttpExchange.to(this.issuer), scope).with("claims", claims)
			.signInAndConsent("claims", pkce, this.username, TestUsers.PASSWORD);
		Map<String, Object> form = CodeGrant.redemption(callback, pkce, TestClients.WEB_REDIRECT_URI);
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", form, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	private Map<String, Object> userInfo(Map<String, Object> tokens) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.get("/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

}
