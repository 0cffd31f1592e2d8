package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Dynamic client registration over real HTTP, as a third-party developer uses it:
 * register with an initial access token, get real tokens with the new client, manage the
 * registration with its registration access token.
 */
@AuthServerTest
class ClientRegistrationEndpointTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	JdbcClient jdbc;

	@Test
	void registerWhenConfidentialClientThenSecretShownOnceStoredHashedAndUsableForTokens() {
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), """
				{"grant_types": ["client_credentials"], "scope": "message.read", "client_name": "Reporting service",
				 "token_endpoint_auth_method": "client_secret_post", "software_id": "ignored-extension"}""");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		Map<String, Object> client = HttpExchange.json(response);
		String clientId = (String) client.get("client_id");
		String secret = (String) client.get("client_secret");
		assertThat(client).containsEntry("client_name", "Reporting service")
			.containsEntry("token_endpoint_auth_method", "client_secret_post")
			.containsEntry("scope", "message.read")
			.containsEntry("client_secret_expires_at", 0L)
			.containsEntry("registration_client_uri", this.issuer + "/oauth2/register/" + clientId)
			.containsKeys("client_id_issued_at", "registration_access_token")
			.as("only RFC 7591 members")
			.doesNotContainKey("publicClient");
		assertThat(response.headers().firstValue("Location")).hasValue(this.issuer + "/oauth2/register/" + clientId);
		// 32 random bytes, base64url: 256 bits.
		assertThat(Base64.getUrlDecoder().decode(secret)).hasSizeGreaterThanOrEqualTo(32);
		String stored = this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
			.param(clientId)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("{sha256}").doesNotContain(secret);

		HttpResponse<String> token = HttpExchange.to(this.issuer)
			.postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read", "client_id",
					clientId, "client_secret", secret));
		assertThat(token.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(token).get("scope")).isEqualTo("message.read");
	}

	/**
	 * RFC 8628 clients, public and confidential, need no redirect URI; a confidential one
	 * may have refresh tokens with the device grant alone.
	 */
	@Test
	void registerWhenDeviceClientThenNoRedirectUriIsNeededAndItStartsDeviceAuthorizations() {
		HttpResponse<String> publicDevice = register(initialAccessToken(Set.of(), null), """
				{"grant_types": ["urn:ietf:params:oauth:grant-type:device_code"], "scope": "message.read",
				 "client_name": "Living-room TV", "token_endpoint_auth_method": "none"}""");
		HttpResponse<String> confidentialDevice = register(initialAccessToken(Set.of(), null), """
				{"grant_types": ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
				 "scope": "message.read", "client_name": "CLI tool"}""");

		assertThat(publicDevice.statusCode()).as(publicDevice.body()).isEqualTo(201);
		assertThat(confidentialDevice.statusCode()).as(confidentialDevice.body()).isEqualTo(201);
		Map<String, Object> tv = HttpExchange.json(publicDevice);
		Map<String, Object> cli = HttpExchange.json(confidentialDevice);
		assertThat(tv).doesNotContainKey("client_secret")
			.containsEntry("redirect_uris", List.of())
			.containsEntry("grant_types", List.of("urn:ietf:params:oauth:grant-type:device_code"));
		HttpExchange device = HttpExchange.to(this.issuer);
		assertThat(device
			.postForm("/oauth2/device_authorization", Map.of("client_id", tv.get("client_id"), "scope", "message.read"))
			.statusCode()).isEqualTo(200);
		assertThat(device
			.postFormAsClient("/oauth2/device_authorization", Map.of("scope", "message.read"),
					(String) cli.get("client_id"), (String) cli.get("client_secret"))
			.statusCode()).isEqualTo(200);
		assertThat(
				device.postForm("/oauth2/device_authorization", Map.of("client_id", cli.get("client_id"))).statusCode())
			.as("a confidential client without its secret")
			.isEqualTo(401);
	}

	/**
	 * The token exchange grant needs a policy that only an operator sets: a client cannot
	 * give it to itself, at registration or in an update.
	 */
	@Test
	void registerOrUpdateWhenAskingForTheTokenExchangeGrantThenInvalidClientMetadata() {
		HttpResponse<String> refused = register(initialAccessToken(Set.of(), null), """
				{"grant_types": ["client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange"],
				 "scope": "message.read", "client_name": "Exchanging service"}""");
		HttpResponse<String> registered = register(initialAccessToken(Set.of(), null),
				"""
						{"grant_types": ["client_credentials"], "scope": "message.read", "client_name": "Exchanging service"}""");
		Map<String, Object> client = HttpExchange.json(registered);
		HttpResponse<String> update = HttpExchange.to(this.issuer)
			.sendJson("PUT", (String) client.get("registration_client_uri"),
					"""
							{"client_id": "%s", "grant_types": ["client_credentials",
							 "urn:ietf:params:oauth:grant-type:token-exchange"], "scope": "message.read"}"""
						.formatted(client.get("client_id")),
					"Authorization", "Bearer " + client.get("registration_access_token"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_client_metadata");
		assertThat(clientsNamed("Exchanging service")).isEqualTo(1);
		assertThat(update.statusCode()).as(update.body()).isEqualTo(400);
		assertThat(HttpExchange.json(update)).containsEntry("error", "invalid_client_metadata");
	}

	@Test
	void registerWhenPublicNativeClientThenAuthorizationCodeWithPkceWorks() {
		String redirectUri = "http://127.0.0.1:53123/callback";
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), """
				{"redirect_uris": ["%s"], "token_endpoint_auth_method": "none", "scope": "openid profile",
				 "client_name": "Native app"}""".formatted(redirectUri));
		assertThat(response.statusCode()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(response);
		assertThat(client).doesNotContainKeys("client_secret", "client_secret_expires_at", "publicClient")
			.containsEntry("grant_types", List.of("authorization_code"))
			.containsEntry("response_types", List.of("code"));
		String clientId = (String) client.get("client_id");

		String username = newUser();
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, clientId, redirectUri, "openid profile")
			.signInAndConsent("native", pkce, username, "registration-test-password");
		HttpResponse<String> token = browser.postForm("/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", HttpExchange.queryParameters(callback).get("code"),
						"redirect_uri", redirectUri, "client_id", clientId, "code_verifier", pkce.verifier()));

		assertThat(token.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(token)).containsKeys("access_token", "id_token");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					http redirect URI            | {"redirect_uris": ["http://app.example.com/cb"], "scope": "openid"}                      | invalid_redirect_uri
					fragment                     | {"redirect_uris": ["https://app.example.com/cb#x"], "scope": "openid"}                   | invalid_redirect_uri
					wildcard                     | {"redirect_uris": ["https://*.example.com/cb"], "scope": "openid"}                       | invalid_redirect_uri
					relative                     | {"redirect_uris": ["/cb"], "scope": "openid"}                                            | invalid_redirect_uri
					localhost outside dev mode   | {"redirect_uris": ["http://localhost:8080/cb"], "scope": "openid"}                       | invalid_redirect_uri
					loopback for confidential    | {"redirect_uris": ["http://127.0.0.1:53123/cb"], "scope": "openid"}                      | invalid_redirect_uri
					custom scheme                | {"redirect_uris": ["com.example.app:/cb"], "scope": "openid"}                            | invalid_redirect_uri
					no redirect URI for code     | {"grant_types": ["authorization_code"], "scope": "openid"}                               | invalid_redirect_uri
					redirect URI without code    | {"grant_types": ["client_credentials"], "redirect_uris": ["https://a.example/cb"], "scope": "x"} | invalid_redirect_uri
					implicit grant               | {"grant_types": ["implicit"], "redirect_uris": ["https://a.example/cb"], "scope": "openid"} | invalid_client_metadata
					password grant               | {"grant_types": ["password"], "scope": "openid"}                                          | invalid_client_metadata
					token response type          | {"response_types": ["token"], "redirect_uris": ["https://a.example/cb"], "scope": "openid"} | invalid_client_metadata
					code without its grant       | {"grant_types": ["client_credentials"], "response_types": ["code"], "scope": "x"}        | invalid_client_metadata
					refresh without code         | {"grant_types": ["client_credentials", "refresh_token"], "scope": "x"}                   | invalid_client_metadata
					tls_client_auth, no value    | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "scope": "x"} | invalid_client_metadata
					tls_client_auth, two values  | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "CN=a", "tls_client_auth_san_dns": "a.example", "scope": "x"} | invalid_client_metadata
					certificate value for secret | {"grant_types": ["client_credentials"], "tls_client_auth_san_dns": "a.example", "scope": "x"} | invalid_client_metadata
					malformed subject DN         | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "a client", "scope": "x"} | invalid_client_metadata
					host name as IP SAN          | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_ip": "a.example", "scope": "x"} | invalid_client_metadata
					relative URI SAN             | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_uri": "clients/a", "scope": "x"} | invalid_client_metadata
					email SAN without @          | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_email": "a.example", "scope": "x"} | invalid_client_metadata
					self-signed without keys     | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "self_signed_tls_client_auth", "scope": "x"} | invalid_client_metadata
					keys for tls_client_auth     | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_dns": "a.example", "jwks_uri": "https://a.example/jwks", "scope": "x"} | invalid_client_metadata
					bound tokens not a boolean   | {"grant_types": ["client_credentials"], "tls_client_certificate_bound_access_tokens": "yes", "scope": "x"} | invalid_client_metadata
					public client credentials    | {"grant_types": ["client_credentials"], "token_endpoint_auth_method": "none", "scope": "x"} | invalid_client_metadata
					invalid scope token          | {"grant_types": ["client_credentials"], "scope": "bad\\\\scope"}                          | invalid_client_metadata
					wrong JSON type              | {"redirect_uris": "https://a.example/cb", "scope": "openid"}                              | invalid_client_metadata
					""")
	void registerWhenMetadataBreaksARuleThenRefusedWithTheRfcErrorCode(String rule, String body, String errorCode) {
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), body);

		assertThat(response.statusCode()).as(rule).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", errorCode).containsKey("error_description");
	}

	@Test
	void registerWhenPushedRequestsAreRequiredThenTheyComeBackAndAPlainRequestIsRefusedAtTheClient() {
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), """
				{"redirect_uris": ["https://pushing.example/cb"], "scope": "openid",
				 "require_pushed_authorization_requests": true}""");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(response);
		assertThat(client).containsEntry("require_pushed_authorization_requests", true)
			.doesNotContainKeys("require_signed_request_object", "fapi2_security_profile");
		URI refused = HttpExchange.location(HttpExchange.to(this.issuer)
			.browse("/oauth2/authorize?response_type=code&client_id=" + client.get("client_id")
					+ "&redirect_uri=https://pushing.example/cb&scope=openid&state=s&code_challenge="
					+ Pkce.generate().challenge() + "&code_challenge_method=S256"));
		assertThat(refused.toString()).startsWith("https://pushing.example/cb?");
		assertThat(HttpExchange.queryParameters(refused)).containsEntry("error", "invalid_request");
		for (String member : List.of("require_signed_request_object", "fapi2_security_profile")) {
			HttpResponse<String> withoutKey = register(initialAccessToken(Set.of(), null), """
					{"redirect_uris": ["https://pushing.example/cb"], "scope": "openid", "%s": true}"""
				.formatted(member));
			assertThat(withoutKey.statusCode()).as(member).isEqualTo(400);
			assertThat(HttpExchange.json(withoutKey)).as("a client_secret_basic client signs nothing")
				.containsEntry("error", "invalid_client_metadata");
		}
	}

	@Test
	void registerWhenSignInRulesAreGivenThenTheyComeBackAndAnOlderSignInIsTooOldForPromptNone() {
		String redirectUri = "http://127.0.0.1:53124/callback";
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), """
				{"redirect_uris": ["%s"], "token_endpoint_auth_method": "none", "scope": "openid profile",
				 "default_max_age": 1, "require_auth_time": true}""".formatted(redirectUri));
		assertThat(response.statusCode()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(response);
		assertThat(client).containsEntry("default_max_age", 1L).containsEntry("require_auth_time", true);
		String clientId = (String) client.get("client_id");
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, clientId, redirectUri, "openid profile");
		URI first = signIn.signInAndConsent("first", Pkce.generate(), newUser(), "registration-test-password");
		assertThat(HttpExchange.queryParameters(first)).containsKey("code");

		// default_max_age=1: the sign-in is too old once more than a second has passed.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollDelay(Duration.ofMillis(1100))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> "login_required".equals(HttpExchange
				.queryParameters(HttpExchange.location(
						browser.browse(signIn.with("prompt", "none").authorizationRequest("silent", Pkce.generate()))))
				.get("error")));
		assertThat(HttpExchange.queryParameters(HttpExchange.location(
				browser.browse(signIn.with("max_age", "3600").authorizationRequest("explicit", Pkce.generate())))))
			.as("the request's own max_age wins over the default")
			.containsKey("code");

		HttpResponse<String> update = HttpExchange.to(this.issuer)
			.sendJson("PUT", (String) client.get("registration_client_uri"), """
					{"client_id": "%s", "redirect_uris": ["%s"], "token_endpoint_auth_method": "none",
					 "scope": "openid profile"}""".formatted(clientId, redirectUri), "Authorization",
					"Bearer " + client.get("registration_access_token"));
		assertThat(update.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(update)).as("a full replacement without them")
			.doesNotContainKeys("default_max_age", "require_auth_time");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-5", "31536001", "\"soon\"", "true" })
	void registerWhenDefaultMaxAgeIsNoPositiveNumberOfSecondsUpToAYearThenInvalidClientMetadata(String value) {
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), """
				{"redirect_uris": ["http://127.0.0.1:53125/callback"], "token_endpoint_auth_method": "none",
				 "scope": "openid", "default_max_age": %s}""".formatted(value));

		assertThat(response.statusCode()).as(value).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client_metadata");
	}

	@Test
	void registerWhenScopeIsNotAllowedByTheInitialAccessTokenThenInvalidClientMetadata() {
		String token = initialAccessToken(Set.of("message.read"), null);

		HttpResponse<String> refused = register(token, """
				{"grant_types": ["client_credentials"], "scope": "message.read message.write"}""");
		HttpResponse<String> allowed = register(token, """
				{"grant_types": ["client_credentials"]}""");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_client_metadata");
		assertThat(allowed.statusCode()).isEqualTo(201);
		assertThat(HttpExchange.json(allowed)).containsEntry("scope", "message.read");
	}

	@Test
	void registerWhenAScopeIsUnknownToTheServerThenInvalidClientMetadataEvenIfTheTokenListsIt() {
		String name = "Unknown scope " + UUID.randomUUID();
		HttpResponse<String> response = register(initialAccessToken(Set.of("message.read", "admin"), null), """
				{"grant_types": ["client_credentials"], "scope": "message.read admin", "client_name": "%s"}"""
			.formatted(name));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client_metadata")
			.hasEntrySatisfying("error_description",
					(description) -> assertThat((String) description).contains("scope admin is not one of"));
		assertThat(clientsNamed(name)).isZero();
	}

	@Test
	void registerWhenTheTokenListsNoScopesThenOnlyTheDefaultScopesAreAllowed() {
		String token = initialAccessToken(Set.of(), null);
		String name = "Machine " + UUID.randomUUID();

		HttpResponse<String> refused = register(token, """
				{"grant_types": ["client_credentials"], "scope": "message.read message.write", "client_name": "%s"}"""
			.formatted(name));
		HttpResponse<String> allowed = register(token, """
				{"grant_types": ["client_credentials"], "scope": "openid message.read", "client_name": "%s"}"""
			.formatted(name));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_client_metadata")
			.hasEntrySatisfying("error_description",
					(description) -> assertThat((String) description).contains("[message.write]"));
		assertThat(allowed.statusCode()).isEqualTo(201);
		assertThat(HttpExchange.json(allowed)).containsEntry("scope", "openid message.read");
		assertThat(clientsNamed(name)).isEqualTo(1);
	}

	@Test
	void registerWhenTheTokenDoesNotAllowTheGrantTypeThenInvalidClientMetadataAlsoOnUpdate() {
		String token = initialAccessToken(Set.of(), Set.of("authorization_code", "refresh_token"), null);

		HttpResponse<String> refused = register(token, """
				{"grant_types": ["client_credentials"], "scope": "message.read"}""");
		HttpResponse<String> allowed = register(token, """
				{"redirect_uris": ["https://grants.example/cb"], "grant_types": ["authorization_code", "refresh_token"],
				 "scope": "openid"}""");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_client_metadata")
			.hasEntrySatisfying("error_description",
					(description) -> assertThat((String) description).contains("grant type client_credentials"));
		assertThat(allowed.statusCode()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(allowed);
		HttpResponse<String> widened = HttpExchange.to(this.issuer)
			.sendJson("PUT", (String) client.get("registration_client_uri"),
					"""
							{"client_id": "%s", "grant_types": ["client_credentials"], "scope": "message.read"}"""
						.formatted(client.get("client_id")),
					"Authorization", "Bearer " + client.get("registration_access_token"));
		assertThat(widened.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(widened)).containsEntry("error", "invalid_client_metadata");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			NUL                    | Photos\\u0000App
			CR LF                  | Photos\\r\\nApp
			right-to-left override | Photos\\u202eppA
			""")
	void registerWhenTheClientNameHidesCharactersThenInvalidClientMetadata(String kind, String jsonName) {
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null), """
				{"grant_types": ["client_credentials"], "scope": "message.read", "client_name": "%s"}"""
			.formatted(jsonName));

		assertThat(response.statusCode()).as(kind).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client_metadata")
			.hasEntrySatisfying("error_description",
					(description) -> assertThat((String) description).startsWith("client_name"));
	}

	@Test
	void consentPageWhenTheClientRegisteredItselfThenSaysSoAndShowsTheHostTheUserGoesBackTo() {
		String redirectUri = "https://photos-" + UUID.randomUUID() + ".example/callback";
		Map<String, Object> client = HttpExchange.json(register(initialAccessToken(Set.of(), null), """
				{"redirect_uris": ["%s"], "scope": "openid profile", "client_name": "Client demo"}"""
			.formatted(redirectUri)));
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toConsent = browser
			.follow(BrowserSignIn.of(browser, (String) client.get("client_id"), redirectUri, "openid profile")
				.signIn("copied-name", Pkce.generate(), newUser(), "registration-test-password"));

		HttpResponse<String> consentPage = browser.follow(toConsent);

		assertThat(consentPage.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.text(consentPage, "client-redirect-host")).hasValue(URI.create(redirectUri).getHost());
		assertThat(HtmlDocuments.text(consentPage, "client-registered-dynamically")).isPresent();
		assertThat(HtmlDocuments.text(consentPage, "client-registered-by-admin")).isEmpty();
	}

	@Test
	void registerWhenLoopbackIpv6RedirectThenAccepted() {
		HttpResponse<String> response = register(initialAccessToken(Set.of(), null),
				"""
						{"redirect_uris": ["http://[::1]:4711/cb"], "token_endpoint_auth_method": "none", "scope": "openid"}""");

		assertThat(response.statusCode()).isEqualTo(201);
	}

	@Test
	void registerWhenInitialAccessTokenIsMissingThenUnauthorizedWithBearerChallenge() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register",
					"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
	}

	@Test
	void registerWhenInitialAccessTokenIsUnknownExpiredOrRevokedThenUnauthorizedInvalidToken() {
		String expired = this.initialAccessTokens.create("expired", Set.of(), Set.of(), null,
				Instant.now().minusSeconds(1), "test", Instant.now().minusSeconds(60));
		String revoked = initialAccessToken(Set.of(), null);
		this.initialAccessTokens.revoke(this.initialAccessTokens.findByToken(revoked).orElseThrow().id());

		for (String token : new String[] { "iat_unknown", expired, revoked }) {
			HttpResponse<String> response = register(token,
					"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}");
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""));
			assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_token");
		}
	}

	@Test
	void registerWhenSingleUseTokenIsUsedUpThenUnauthorizedButARefusedRequestDoesNotUseIt() {
		String token = initialAccessToken(Set.of(), 1);
		String valid = "{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}";

		assertThat(register(token, "{\"redirect_uris\": [\"http://evil.example/cb\"], \"scope\": \"message.read\"}")
			.statusCode()).isEqualTo(400);
		assertThat(register(token, valid).statusCode()).isEqualTo(201);
		assertThat(register(token, valid).statusCode()).isEqualTo(401);
	}

	@Test
	void configurationEndpointWhenReadUpdatedAndDeletedThenFollowsRfc7592AndRevokesTokens() {
		Map<String, Object> registered = HttpExchange
			.json(register(initialAccessToken(Set.of("message.read", "message.write"), null), """
					{"grant_types": ["client_credentials"], "scope": "message.read message.write"}"""));
		String clientId = (String) registered.get("client_id");
		String secret = (String) registered.get("client_secret");
		String clientUri = (String) registered.get("registration_client_uri");
		HttpExchange http = HttpExchange.to(this.issuer);
		String accessToken = (String) HttpExchange
			.json(http.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, secret))
			.get("access_token");

		HttpResponse<String> read = http.get(clientUri, "Authorization",
				"Bearer " + registered.get("registration_access_token"));
		assertThat(read.statusCode()).isEqualTo(200);
		Map<String, Object> readBody = HttpExchange.json(read);
		assertThat(readBody).containsEntry("client_id", clientId).doesNotContainKey("client_secret");
		String registrationToken = (String) readBody.get("registration_access_token");
		assertThat(http.get(clientUri, "Authorization", "Bearer " + registered.get("registration_access_token"))
			.statusCode()).as("the previous registration access token after a read").isEqualTo(401);

		HttpResponse<String> invalidUpdate = http.sendJson("PUT", clientUri, """
				{"client_id": "%s", "grant_types": ["client_credentials"], "scope": "x",
				 "redirect_uris": ["http://evil.example/cb"]}""".formatted(clientId), "Authorization",
				"Bearer " + registrationToken);
		assertThat(invalidUpdate.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(invalidUpdate)).containsEntry("error", "invalid_redirect_uri");
		HttpResponse<String> withoutClientId = http.sendJson("PUT", clientUri,
				"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}", "Authorization",
				"Bearer " + registrationToken);
		assertThat(withoutClientId.statusCode()).isEqualTo(400);

		HttpResponse<String> update = http.sendJson("PUT", clientUri, """
				{"client_id": "%s", "grant_types": ["client_credentials"], "scope": "message.read",
				 "client_name": "Renamed"}""".formatted(clientId), "Authorization", "Bearer " + registrationToken);
		assertThat(update.statusCode()).isEqualTo(200);
		Map<String, Object> updated = HttpExchange.json(update);
		assertThat(updated).containsEntry("client_name", "Renamed")
			.containsEntry("scope", "message.read")
			.doesNotContainKey("client_secret");
		registrationToken = (String) updated.get("registration_access_token");
		assertThat(http.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, secret)
			.statusCode()).as("the secret survives an update").isEqualTo(200);

		HttpResponse<String> delete = http.sendJson("DELETE", clientUri, null, "Authorization",
				"Bearer " + registrationToken);
		assertThat(delete.statusCode()).isEqualTo(204);
		assertThat(HttpExchange.json(http.postFormAsClient("/oauth2/introspect", Map.of("token", accessToken),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET)))
			.containsExactly(Map.entry("active", false));
		assertThat(http.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, secret)
			.statusCode()).isEqualTo(401);
		assertThat(http.get(clientUri, "Authorization", "Bearer " + registrationToken).statusCode()).isEqualTo(401);
	}

	@Test
	void configurationEndpointWhenATlsClientAuthClientChangesItsCertificateValueThenReadShowsOnlyTheNewOne() {
		Map<String, Object> registered = HttpExchange.json(register(initialAccessToken(Set.of(), null),
				"""
						{"grant_types": ["client_credentials"], "scope": "message.read",
						 "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_dns": "billing.example.com"}"""));
		String clientId = (String) registered.get("client_id");
		String clientUri = (String) registered.get("registration_client_uri");
		assertThat(registered).containsEntry("tls_client_auth_san_dns", "billing.example.com")
			.doesNotContainKeys("client_secret", "tls_client_certificate_bound_access_tokens");
		HttpExchange http = HttpExchange.to(this.issuer);

		HttpResponse<String> update = http.sendJson("PUT", clientUri,
				"""
						{"client_id": "%s", "grant_types": ["client_credentials"], "scope": "message.read",
						 "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_uri": "spiffe://example.com/billing",
						 "tls_client_certificate_bound_access_tokens": true}"""
					.formatted(clientId),
				"Authorization", "Bearer " + registered.get("registration_access_token"));
		assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
		HttpResponse<String> read = http.get(clientUri, "Authorization",
				"Bearer " + HttpExchange.json(update).get("registration_access_token"));

		assertThat(HttpExchange.json(read)).containsEntry("tls_client_auth_san_uri", "spiffe://example.com/billing")
			.containsEntry("tls_client_certificate_bound_access_tokens", true)
			.doesNotContainKeys("tls_client_auth_san_dns", "client_secret");
		assertThat(this.jdbc.sql("SELECT token_settings FROM oauth2_registered_client WHERE client_id = ?")
			.param(clientId)
			.query(String.class)
			.single()).contains("\"settings.token.x509-certificate-bound-access-tokens\":true");
	}

	@Test
	void configurationEndpointWhenTokenBelongsToAnotherClientThenUnauthorized() {
		Map<String, Object> first = HttpExchange.json(register(initialAccessToken(Set.of(), null),
				"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}"));
		Map<String, Object> second = HttpExchange.json(register(initialAccessToken(Set.of(), null),
				"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}"));

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.sendJson("DELETE", (String) first.get("registration_client_uri"), null, "Authorization",
					"Bearer " + second.get("registration_access_token"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_id = ?")
			.param(first.get("client_id"))
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private HttpResponse<String> register(String initialAccessToken, String json) {
		return HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", json, "Authorization", "Bearer " + initialAccessToken);
	}

	private String initialAccessToken(Set<String> allowedScopes, Integer maxUses) {
		return initialAccessToken(allowedScopes, Set.of(), maxUses);
	}

	private String initialAccessToken(Set<String> allowedScopes, Set<String> allowedGrantTypes, Integer maxUses) {
		return this.initialAccessTokens.create("test", allowedScopes, allowedGrantTypes, maxUses,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
	}

	private long clientsNamed(String clientName) {
		return this.jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_name = ?")
			.param(clientName)
			.query(Long.class)
			.single();
	}

	private String newUser() {
		String username = "user-" + UUID.randomUUID();
		this.accounts.create(new UserAccount(username, this.passwordEncoder.encode("registration-test-password"),
				"Registration Tester", null, false, true, Set.of("USER")));
		return username;
	}

}
