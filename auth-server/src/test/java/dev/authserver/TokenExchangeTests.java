package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.tokens.TokenExchangePolicy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The token exchange grant (RFC 8693) over real HTTP: a service trades a user's token for
 * one to call another service, within the policy stored with it, with the {@code act}
 * claim in the signed token and in its introspection, and the RFC 6749 §5.2 / RFC 8693
 * §2.2.2 errors for everything beyond the policy.
 */
@AuthServerTest
class TokenExchangeTests {

	private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	private static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

	private static final String SECRET = "exchange-test-secret";

	private static final String REDIRECT_URI = "https://exchange-app.example/callback";

	/** Delegation only, for the second resource server, message.read at most. */
	private static final TokenExchangePolicy DELEGATION = new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE),
			false, Set.of("message.read"), null);

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestUsers users;

	@Test
	void exchangeWithActorTokenThenSignedTokenForTheUserWithTheServiceAsActAndTheIntrospectionSaysSo()
			throws Exception {
		String service = service(DELEGATION);
		String username = this.users.create();
		String subjectToken = userAccessToken(username, "openid profile message.read message.write");

		HttpResponse<String> response = exchange(service,
				Map.of("subject_token", subjectToken, "actor_token", actorToken(service)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		Map<String, Object> body = HttpExchange.json(response);
		assertThat(body).containsEntry("issued_token_type", ACCESS_TOKEN_TYPE)
			.containsEntry("token_type", "Bearer")
			.containsEntry("scope", "message.read")
			.doesNotContainKey("refresh_token");
		JWTClaimsSet claims = verified(body);
		assertThat(claims.getSubject()).isEqualTo(username);
		assertThat(claims.getAudience()).containsExactly(TestClients.OTHER_RESOURCE);
		assertThat(claims.getStringClaim("client_id")).isEqualTo(service);
		assertThat(claims.getStringClaim("scope")).isEqualTo("message.read");
		assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", service)
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("act");

		Map<String, Object> introspection = HttpExchange.json(HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/introspect", Map.of("token", body.get("access_token")), service, SECRET));
		assertThat(introspection).containsEntry("active", true).containsEntry("sub", username);
		assertThat((Map<String, Object>) introspection.get("act")).containsEntry("sub", service);
	}

	@Test
	void exchangeOfAnExchangedTokenThenTheActClaimNestsThePreviousActor() throws Exception {
		String first = service(DELEGATION);
		String second = service(DELEGATION);
		String username = this.users.create();
		String delegated = (String) HttpExchange
			.json(exchange(first,
					Map.of("subject_token", userAccessToken(username, "message.read"), "actor_token",
							actorToken(first))))
			.get("access_token");

		HttpResponse<String> response = exchange(second,
				Map.of("subject_token", delegated, "actor_token", actorToken(second)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JWTClaimsSet claims = verified(HttpExchange.json(response));
		assertThat(claims.getSubject()).isEqualTo(username);
		Map<String, Object> act = claims.getJSONObjectClaim("act");
		assertThat(act).containsEntry("sub", second);
		assertThat((Map<String, Object>) act.get("act")).containsEntry("sub", first).doesNotContainKey("act");
	}

	@Test
	void exchangeWithoutActorTokenWhenThePolicyAllowsImpersonationThenATokenForTheUserAloneElseInvalidRequest()
			throws Exception {
		String subjectToken = userAccessToken(this.users.create(), "message.read");
		String delegating = service(DELEGATION);
		String impersonating = service(
				new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE), true, Set.of("message.read"), null));

		HttpResponse<String> refused = exchange(delegating, Map.of("subject_token", subjectToken));
		HttpResponse<String> allowed = exchange(impersonating, Map.of("subject_token", subjectToken));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_request");
		assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
		JWTClaimsSet claims = verified(HttpExchange.json(allowed));
		assertThat(claims.getClaims()).doesNotContainKey("act");
		assertThat(claims.getStringClaim("client_id")).isEqualTo(impersonating);
	}

	@Test
	void exchangeForAnAudienceBeyondThePolicyThenInvalidTarget() {
		String service = service(DELEGATION);
		String subjectToken = userAccessToken(this.users.create(), "message.read");
		String actorToken = actorToken(service);

		for (Map<String, String> target : List.of(Map.of("audience", TestClients.DEFAULT_RESOURCE),
				Map.of("resource", TestClients.DEFAULT_RESOURCE), Map.of("resource", "https://unknown.example"),
				Map.of("audience", "reports"))) {
			Map<String, Object> form = new HashMap<>(target);
			form.put("subject_token", subjectToken);
			form.put("actor_token", actorToken);
			HttpResponse<String> response = exchange(service, form);
			assertThat(response.statusCode()).as(target.toString()).isEqualTo(400);
			assertThat(HttpExchange.json(response)).as(target.toString()).containsEntry("error", "invalid_target");
		}
		HttpResponse<String> named = exchange(service, Map.of("subject_token", subjectToken, "actor_token", actorToken,
				"audience", TestClients.OTHER_RESOURCE));
		assertThat(named.statusCode()).isEqualTo(200);
	}

	@Test
	void exchangeForScopeBeyondThePolicyOrTheSubjectTokenThenInvalidScope() {
		String service = service(new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE), false,
				Set.of("message.read", "message.write"), null));
		String narrow = service(DELEGATION);
		String subjectToken = userAccessToken(this.users.create(), "message.read");

		HttpResponse<String> beyondSubject = exchange(service,
				Map.of("subject_token", subjectToken, "actor_token", actorToken(service), "scope", "message.write"));
		HttpResponse<String> beyondPolicy = exchange(narrow,
				Map.of("subject_token", userAccessToken(this.users.create(), "message.read message.write"),
						"actor_token", actorToken(narrow), "scope", "message.read message.write"));

		assertThat(beyondSubject.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(beyondSubject)).containsEntry("error", "invalid_scope");
		assertThat(beyondPolicy.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(beyondPolicy)).containsEntry("error", "invalid_scope");
	}

	@Test
	void exchangeThenTheNewTokenExpiresNoLaterThanTheSubjectTokenNorThePolicysLifetime() throws Exception {
		String subjectToken = userAccessToken(this.users.create(), "message.read");
		Instant subjectExpiry = SignedJwts.claims(SignedJwts.verify(subjectToken, jwks()))
			.getExpirationTime()
			.toInstant();
		// The service's own tokens live an hour, longer than the user's (five minutes).
		String longLived = service(DELEGATION);
		String shortPolicy = service(new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE), false,
				Set.of("message.read"), Duration.ofMinutes(1)));

		JWTClaimsSet capped = verified(HttpExchange
			.json(exchange(longLived, Map.of("subject_token", subjectToken, "actor_token", actorToken(longLived)))));
		JWTClaimsSet oneMinute = verified(HttpExchange.json(
				exchange(shortPolicy, Map.of("subject_token", subjectToken, "actor_token", actorToken(shortPolicy)))));

		assertThat(capped.getExpirationTime().toInstant()).isEqualTo(subjectExpiry);
		assertThat(Duration.between(oneMinute.getIssueTime().toInstant(), oneMinute.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void exchangeOfARevokedUnknownOrClientCredentialsSubjectTokenOrForeignActorTokenThenInvalidGrant() {
		String service = service(DELEGATION);
		String other = service(DELEGATION);
		String subjectToken = userAccessToken(this.users.create(), "message.read");
		HttpResponse<String> revocation = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/revoke", Map.of("token", subjectToken), TestClients.WEB_CLIENT_ID,
					TestClients.WEB_CLIENT_SECRET);
		assertThat(revocation.statusCode()).isEqualTo(200);
		String liveSubject = userAccessToken(this.users.create(), "message.read");

		for (Map<String, Object> form : List.<Map<String, Object>>of(
				Map.of("subject_token", subjectToken, "actor_token", actorToken(service)),
				Map.of("subject_token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "actor_token", actorToken(service)),
				Map.of("subject_token", liveSubject, "actor_token", actorToken(other)),
				// A client credentials token: no user to act for (RFC 8693 §1.1).
				Map.of("subject_token", actorToken(other), "actor_token", actorToken(service)))) {
			HttpResponse<String> response = exchange(service, form);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_grant");
		}
	}

	@Test
	void exchangeOfAnIdTokenByTheClientItWasIssuedToThenATokenForTheUserAndByAnotherClientInvalidGrant()
			throws Exception {
		String frontEnd = "exchange-front-" + UUID.randomUUID();
		this.clients.save(client(frontEnd,
				new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE), true, Set.of("message.read"), null))
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT_URI)
			.scope("openid")
			.clientSettings(new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE), true, Set.of("message.read"),
					null)
				.applyTo(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build()))
			.build());
		String username = this.users.create();
		String idToken = (String) CodeGrant.of(this.issuer, frontEnd, SECRET, REDIRECT_URI)
			.tokens("openid message.read", username, TestUsers.PASSWORD)
			.get("id_token");

		HttpResponse<String> response = exchange(frontEnd,
				Map.of("subject_token", idToken, "subject_token_type", ID_TOKEN_TYPE));
		HttpResponse<String> foreign = exchange(service(
				new TokenExchangePolicy(List.of(TestClients.OTHER_RESOURCE), true, Set.of("message.read"), null)),
				Map.of("subject_token", idToken, "subject_token_type", ID_TOKEN_TYPE));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JWTClaimsSet claims = verified(HttpExchange.json(response));
		assertThat(claims.getSubject()).isEqualTo(username);
		assertThat(claims.getAudience()).containsExactly(TestClients.OTHER_RESOURCE);
		assertThat(foreign.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(foreign)).containsEntry("error", "invalid_grant");
	}

	@Test
	void exchangeByAClientWithoutTheGrantThenUnauthorizedClient() {
		HttpResponse<String> response = exchange(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET,
				Map.of("subject_token", userAccessToken(this.users.create(), "message.read")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "unauthorized_client");
	}

	@Test
	void exchangeAskingForATokenTypeThisServerDoesNotIssueThenInvalidRequest() {
		String service = service(DELEGATION);

		HttpResponse<String> response = exchange(service,
				Map.of("subject_token", userAccessToken(this.users.create(), "message.read"), "actor_token",
						actorToken(service), "requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void exchangeByTheSampleApisClientThenATokenForTheDownstreamApiNamingItAsActor() throws Exception {
		String username = this.users.create();

		HttpResponse<String> response = exchange(TestClients.API_CLIENT_ID, TestClients.API_CLIENT_SECRET,
				Map.of("subject_token", userAccessToken(username, "openid profile message.read"), "actor_token",
						actorToken(TestClients.API_CLIENT_ID, TestClients.API_CLIENT_SECRET)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JWTClaimsSet claims = verified(HttpExchange.json(response));
		assertThat(claims.getSubject()).isEqualTo(username);
		assertThat(claims.getAudience()).containsExactly(TestClients.OTHER_RESOURCE);
		assertThat(claims.getJSONObjectClaim("act")).containsEntry("sub", TestClients.API_CLIENT_ID);
	}

	@Test
	void exchangeThenAuditedWithClientSubjectActorAndAudienceButNoToken() {
		String service = service(DELEGATION);
		String username = this.users.create();
		String subjectToken = userAccessToken(username, "message.read");
		assertThat(exchange(service, Map.of("subject_token", subjectToken, "actor_token", actorToken(service)))
			.statusCode()).isEqualTo(200);
		assertThat(exchange(service, Map.of("subject_token", subjectToken, "audience", "https://elsewhere.example",
				"actor_token", actorToken(service)))
			.statusCode()).isEqualTo(400);

		List<Map<String, Object>> events = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT outcome, actor, detail FROM audit_event WHERE type = 'TOKEN_EXCHANGED' AND client_id = ?"
						+ " ORDER BY occurred_at")
				.param(service)
				.query()
				.listOfRows(), (rows) -> rows.size() == 2);

		assertThat(events.get(0)).containsEntry("OUTCOME", "SUCCESS").containsEntry("ACTOR", username);
		assertThat((String) events.get(0).get("DETAIL")).contains("actor=" + service)
			.contains("audience=" + TestClients.OTHER_RESOURCE)
			.doesNotContain(subjectToken);
		assertThat(events.get(1)).containsEntry("OUTCOME", "FAILURE").containsEntry("DETAIL", "error=invalid_target");
	}

	@Test
	void consoleEditOfThePolicyThenStoredInTheClientsSettingsAndEnforced() {
		String service = service(DELEGATION);
		String subjectToken = userAccessToken(this.users.create(), "message.read");
		Map<String, Object> forDefault = Map.of("subject_token", subjectToken, "actor_token", actorToken(service),
				"resource", TestClients.DEFAULT_RESOURCE);
		assertThat(HttpExchange.json(exchange(service, forDefault))).containsEntry("error", "invalid_target");
		ConsoleSession console = ConsoleSession.signInAsAdmin(this.issuer);
		String page = "/admin/clients/" + service + "/token-exchange";

		HttpResponse<String> refused = console.submit(console.browse(page), page,
				Map.of("audiences", "https://unknown.example", "scopes", "message.read", "accessTokenTimeToLive", ""));
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.text(refused, "audiences-error")).isPresent();
		HttpResponse<String> saved = console.submitAndFollow(console.browse(page), page,
				Map.of("audiences", TestClients.OTHER_RESOURCE + "\n" + TestClients.DEFAULT_RESOURCE, "scopes",
						"message.read", "accessTokenTimeToLive", "2m"));

		assertThat(ConsoleSession.text(saved, "notice")).isPresent();
		String settings = this.jdbc.sql("SELECT client_settings FROM oauth2_registered_client WHERE client_id = ?")
			.param(service)
			.query(String.class)
			.single();
		assertThat(settings).contains("settings.client.authserver.token-exchange.audiences")
			.contains(TestClients.DEFAULT_RESOURCE);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> exchange(service, Map.of("subject_token", subjectToken, "actor_token", actorToken(service),
					"resource", TestClients.DEFAULT_RESOURCE))
				.statusCode() == 200);
	}

	/**
	 * A service client of its own with the token exchange grant and this policy, its own
	 * access tokens (client credentials) living an hour.
	 */
	private String service(TokenExchangePolicy policy) {
		String clientId = "exchange-service-" + UUID.randomUUID();
		this.clients.save(client(clientId, policy).build());
		return clientId;
	}

	private RegisteredClient.Builder client(String clientId, TokenExchangePolicy policy) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientSecret(this.clientSecretEncoder.encode(SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
			.scopes((scopes) -> scopes.addAll(List.of("message.read", "message.write")))
			.clientSettings(policy.applyTo(ClientSettings.builder().build()))
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofHours(1)).build());
	}

	private String userAccessToken(String username, String scope) {
		return (String) CodeGrant
			.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI)
			.tokens(scope, username, TestUsers.PASSWORD)
			.get("access_token");
	}

	private String actorToken(String clientId) {
		return actorToken(clientId, SECRET);
	}

	private String actorToken(String clientId, String secret) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, secret);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return (String) HttpExchange.json(response).get("access_token");
	}

	private HttpResponse<String> exchange(String clientId, Map<String, ?> parameters) {
		return exchange(clientId, SECRET, parameters);
	}

	/** A token exchange request; the token types are access tokens unless given. */
	private HttpResponse<String> exchange(String clientId, String secret, Map<String, ?> parameters) {
		Map<String, Object> form = new HashMap<>(parameters);
		form.put("grant_type", TOKEN_EXCHANGE);
		form.putIfAbsent("subject_token_type", ACCESS_TOKEN_TYPE);
		if (form.containsKey("actor_token")) {
			form.putIfAbsent("actor_token_type", ACCESS_TOKEN_TYPE);
		}
		return HttpExchange.to(this.issuer).postFormAsClient("/oauth2/token", form, clientId, secret);
	}

	private JWTClaimsSet verified(Map<String, Object> tokenResponse) {
		assertThat(tokenResponse).containsKey("access_token");
		return SignedJwts.claims(SignedJwts.verify((String) tokenResponse.get("access_token"), jwks()));
	}

	private String jwks() {
		return HttpExchange.to(this.issuer).get("/oauth2/jwks").body();
	}

}
