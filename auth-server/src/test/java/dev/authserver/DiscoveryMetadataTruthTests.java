package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.clients.ClientAssertionDecoderFactory;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.tokens.ScopeProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Every member of both metadata documents, the OpenID one and the OAuth one (RFC 8414),
 * checked against what the server does: each advertised value works, the values left out
 * are refused, and a member this test does not know fails it, so that nothing (a
 * framework default among them) is advertised that no test backs.
 */
@AuthServerTest
@SuppressWarnings("unchecked")
class DiscoveryMetadataTruthTests {

	private static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

	private static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";

	/** The members both documents have, each checked by a test below. */
	static final Set<String> SHARED_MEMBERS = Set.of("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri",
			"registration_endpoint", "revocation_endpoint", "introspection_endpoint", "response_types_supported",
			"response_modes_supported", "grant_types_supported", "code_challenge_methods_supported", "scopes_supported",
			"claims_supported", "token_endpoint_auth_methods_supported",
			"token_endpoint_auth_signing_alg_values_supported", "introspection_endpoint_auth_methods_supported",
			"introspection_endpoint_auth_signing_alg_values_supported", "revocation_endpoint_auth_methods_supported",
			"revocation_endpoint_auth_signing_alg_values_supported", "dpop_signing_alg_values_supported",
			"authorization_response_iss_parameter_supported", "request_parameter_supported",
			"request_uri_parameter_supported", "claims_parameter_supported", "acr_values_supported",
			"device_authorization_endpoint", "pushed_authorization_request_endpoint",
			"require_pushed_authorization_requests", "request_object_signing_alg_values_supported");

	/**
	 * The members both documents have only with mutual TLS on, absent here (the
	 * framework's {@code tls_client_certificate_bound_access_tokens} among them): checked
	 * by MtlsDiscoveryMetadataTests on a server with mutual TLS.
	 */
	static final Set<String> MTLS_MEMBERS = Set.of("mtls_endpoint_aliases",
			"tls_client_certificate_bound_access_tokens");

	/** The members only the OpenID document has (OpenID Connect Discovery §3). */
	static final Set<String> OPENID_MEMBERS = Set.of("userinfo_endpoint", "end_session_endpoint",
			"subject_types_supported", "id_token_signing_alg_values_supported", "backchannel_logout_supported",
			"backchannel_logout_session_supported", "frontchannel_logout_supported",
			"frontchannel_logout_session_supported");

	private static final String REDIRECT_URI = "https://truth.example/callback";

	/** 256 bits as base64url, like the secrets the server issues. */
	private static final String SECRET = "dHJ1dGgtdGVzdHMtY2xpZW50LXNlY3JldC1vZi0yNTYtYml0cw";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	@Autowired
	ScopeProperties scopes;

	@Autowired
	TestUsers users;

	Map<String, Object> openId;

	Map<String, Object> oauth;

	@BeforeEach
	void documents() {
		this.openId = document(OPENID_CONFIGURATION);
		this.oauth = document(OAUTH_METADATA);
	}

	@Test
	void metadataWhenReadThenEveryMemberIsOneThisTestChecksAndBothDocumentsAgree() {
		Set<String> openIdMembers = new HashSet<>(SHARED_MEMBERS);
		openIdMembers.addAll(OPENID_MEMBERS);

		assertThat(this.openId.keySet()).containsExactlyInAnyOrderElementsOf(openIdMembers);
		assertThat(this.oauth.keySet()).containsExactlyInAnyOrderElementsOf(SHARED_MEMBERS);
		assertThat(this.openId.keySet()).doesNotContainAnyElementsOf(MTLS_MEMBERS);
		for (String member : SHARED_MEMBERS) {
			assertThat(this.oauth.get(member)).as(member).isEqualTo(this.openId.get(member));
		}
		assertThat(this.openId.get("issuer")).isEqualTo(this.issuer);
	}

	@Test
	void endpointsWhenCalledThenEachAnswersAsItsSpecificationSays() {
		HttpExchange http = HttpExchange.to(this.issuer);
		assertThat(this.openId).containsEntry("authorization_endpoint", this.issuer + "/oauth2/authorize")
			.containsEntry("token_endpoint", this.issuer + "/oauth2/token")
			.containsEntry("jwks_uri", this.issuer + "/oauth2/jwks")
			.containsEntry("registration_endpoint", this.issuer + "/oauth2/register")
			.containsEntry("revocation_endpoint", this.issuer + "/oauth2/revoke")
			.containsEntry("introspection_endpoint", this.issuer + "/oauth2/introspect")
			.containsEntry("userinfo_endpoint", this.issuer + "/userinfo")
			.containsEntry("end_session_endpoint", this.issuer + "/connect/logout")
			.containsEntry("device_authorization_endpoint", this.issuer + "/oauth2/device_authorization");

		String authorizationRequest = BrowserSignIn
			.of(http, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid")
			.authorizationRequest("s", Pkce.generate());
		HttpResponse<String> authorize = http
			.browse(url("authorization_endpoint") + authorizationRequest.substring("/oauth2/authorize".length()));
		assertThat(authorize.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(authorize).getPath()).isEqualTo("/login");
		for (String member : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint",
				"device_authorization_endpoint")) {
			HttpResponse<String> unauthenticated = http.postForm(url(member), Map.of("token", "x"));
			assertThat(unauthenticated.statusCode()).as(member).isEqualTo(401);
			assertThat(HttpExchange.json(unauthenticated)).as(member).containsEntry("error", "invalid_client");
		}
		HttpResponse<String> jwks = http.get(url("jwks_uri"));
		assertThat(jwks.statusCode()).isEqualTo(200);
		assertThat((List<Object>) HttpExchange.json(jwks).get("keys")).isNotEmpty();
		HttpResponse<String> registration = http.sendJson("POST", url("registration_endpoint"), "{}");
		assertThat(registration.statusCode()).isEqualTo(401);
		assertThat(registration.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		HttpResponse<String> userInfo = http.get(url("userinfo_endpoint"));
		assertThat(userInfo.statusCode()).isEqualTo(401);
		assertThat(userInfo.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		// The logout endpoint's own refusal: the framework requires an ID token hint.
		HttpResponse<String> logout = http.browse(url("end_session_endpoint"));
		assertThat(logout.statusCode()).isEqualTo(400);
		assertThat(HtmlDocuments.text(logout, "error-code")).hasValue("invalid_request");
	}

	@Test
	void grantTypesWhenUsedByClientsRegisteredForThemThenEachIssuesTokensAndNoOtherIsAccepted() {
		assertThat((List<Object>) this.openId.get("grant_types_supported")).containsExactly("authorization_code",
				"client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code",
				"urn:ietf:params:oauth:grant-type:token-exchange");

		HttpResponse<String> clientCredentials = machineTokenRequest(
				Map.of("grant_type", "client_credentials", "scope", "message.read"));
		assertThat(clientCredentials.statusCode()).isEqualTo(200);
		CodeGrant grant = CodeGrant.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
		Map<String, Object> tokens = grant.tokens("openid profile message.read", this.users.create(),
				TestUsers.PASSWORD);
		assertThat(tokens).containsKeys("access_token", "id_token", "refresh_token");
		Map<String, Object> refreshed = grant.refreshed(tokens.get("refresh_token"));
		assertThat(refreshed).containsKey("access_token");
		// The device grant to its first answer; DeviceAuthorizationGrantTests follows it
		// to the tokens.
		HttpExchange device = HttpExchange.to(this.issuer);
		Map<String, Object> deviceAuthorization = HttpExchange
			.json(device.postForm(url("device_authorization_endpoint"),
					Map.of("client_id", DeviceAuthorizationGrantTests.DEVICE_CLIENT_ID, "scope", "message.read")));
		HttpResponse<String> pending = device.postForm(url("token_endpoint"),
				Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code",
						deviceAuthorization.get("device_code"), "client_id",
						DeviceAuthorizationGrantTests.DEVICE_CLIENT_ID));
		assertThat(HttpExchange.json(pending)).containsEntry("error", "authorization_pending");
		// Token exchange by the sample API's client, which has the grant and a policy;
		// TokenExchangeTests follows every rule of it.
		HttpResponse<String> exchanged = HttpExchange.to(this.issuer)
			.postFormAsClient(url("token_endpoint"), Map.of("grant_type",
					"urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", refreshed.get("access_token"),
					"subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "actor_token",
					HttpExchange
						.json(HttpExchange.to(this.issuer)
							.postFormAsClient(url("token_endpoint"), Map.of("grant_type", "client_credentials"),
									TestClients.API_CLIENT_ID, TestClients.API_CLIENT_SECRET))
						.get("access_token"),
					"actor_token_type", "urn:ietf:params:oauth:token-type:access_token"), TestClients.API_CLIENT_ID,
					TestClients.API_CLIENT_SECRET);
		assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
		assertThat(HttpExchange.json(exchanged)).containsKey("access_token")
			.containsEntry("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");

		// The machine client has no device grant; the framework checks a device code
		// before the client's grant types.
		for (String grantType : List.of("password", "implicit", "urn:ietf:params:oauth:grant-type:token-exchange",
				"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
				"urn:ietf:params:oauth:grant-type:saml2-bearer")) {
			HttpResponse<String> refused = machineTokenRequest(
					Map.of("grant_type", grantType, "username", TestClients.DEMO_USER, "password",
							TestClients.DEMO_USER_PASSWORD, "subject_token", "x", "subject_token_type",
							"urn:ietf:params:oauth:token-type:access_token", "device_code", "x", "assertion", "x"));
			// The framework checks a device code before the client's grant types.
			assertThat(refused.statusCode()).as(grantType).isEqualTo(400);
			assertThat(HttpExchange.json(refused)).as(grantType).doesNotContainKey("access_token");
			assertThat(HttpExchange.json(refused).get("error")).as(grantType)
				.isIn("unsupported_grant_type", "unauthorized_client", "invalid_grant");
		}
	}

	@Test
	void responseTypesAndModesWhenAskedForThenOnlyCodeInTheQueryOrAFormPostWithTheIssuer() {
		assertThat((List<Object>) this.openId.get("response_types_supported")).containsExactly("code");
		assertThat((List<Object>) this.openId.get("response_modes_supported")).containsExactly("query", "form_post");
		assertThat(this.openId.get("authorization_response_iss_parameter_supported")).isEqualTo(true);
		RegisteredClient client = saveCodeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();

		URI callback = BrowserSignIn.of(browser, client.getClientId(), REDIRECT_URI, "openid profile")
			.signInAndConsent("modes", pkce, this.users.create(), TestUsers.PASSWORD);

		assertThat(callback.getFragment()).isNull();
		assertThat(HttpExchange.queryParameters(callback)).containsKey("code")
			.containsEntry("state", "modes")
			.containsEntry("iss", this.issuer);
		HttpResponse<String> formPost = browser.browse(authorizationRequest(client, "response_mode=form_post"));
		assertThat(formPost.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.fieldValue(formPost, "code")).as("form_post").isPresent();
		assertThat(HtmlDocuments.fieldValue(formPost, "iss")).as("form_post").hasValue(this.issuer);
		for (String refused : List.of("response_mode=fragment", "response_mode=query.jwt")) {
			URI error = authorizationRedirect(browser, client, refused);
			assertThat(error.getFragment()).as(refused).isNull();
			assertThat(HttpExchange.queryParameters(error)).as(refused)
				.doesNotContainKey("code")
				.containsEntry("error", "invalid_request")
				.containsEntry("iss", this.issuer);
		}
		// The framework refuses another response type before it trusts the redirect URI.
		for (String responseType : List.of("token", "id_token", "code%20id_token", "none")) {
			HttpResponse<String> refused = browser
				.browse(authorizationRequest(client, "response_type=" + responseType));
			assertThat(refused.statusCode()).as(responseType).isEqualTo(400);
			assertThat(HtmlDocuments.text(refused, "error-code")).as(responseType)
				.hasValue("unsupported_response_type");
		}
	}

	/**
	 * Request URIs the client hosts are refused at the client (the details are in
	 * AuthorizationRequestParametersTests, request objects and pushed requests in
	 * requestObjectsWhenSignedWithEachAdvertisedAlgorithmThenPushedAndRedeemed); the
	 * claims parameter is taken.
	 */
	@Test
	void requestParametersWhenUsedThenHostedRequestUrisAreRefusedAndTheClaimsParameterIsTaken() throws Exception {
		assertThat(this.openId).containsEntry("request_parameter_supported", true)
			.containsEntry("request_uri_parameter_supported", false)
			.containsEntry("claims_parameter_supported", true);
		RegisteredClient client = saveCodeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		String claims = "{\"id_token\":{\"email\":null}}";
		URI callback = BrowserSignIn.of(browser, client.getClientId(), REDIRECT_URI, "openid profile")
			.with("claims", claims)
			.signInAndConsent("claims", pkce, this.users.create(), TestUsers.PASSWORD);

		assertThat(HttpExchange.queryParameters(authorizationRedirect(browser, client, "request=e30.e30.")))
			.containsEntry("error", "invalid_request_object");
		assertThat(HttpExchange
			.queryParameters(authorizationRedirect(browser, client, "request_uri=https%3A%2F%2Ftruth.example%2Fr")))
			.containsEntry("error", "request_uri_not_supported");
		Map<String, Object> tokens = HttpExchange.json(browser.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", HttpExchange.queryParameters(callback).get("code"),
						"redirect_uri", REDIRECT_URI, "code_verifier", pkce.verifier()),
				client.getClientId(), SECRET));
		assertThat(SignedJwts
			.claims(SignedJwts.verify((String) tokens.get("id_token"),
					HttpExchange.to(this.issuer).get("/oauth2/jwks").body()))
			.getClaims()).as("email asked for beyond the profile scope").containsKey("email");
	}

	/**
	 * Pushed requests at the advertised endpoint, each with a request object signed with
	 * one of the advertised algorithms by a client of that algorithm, redeemed at the
	 * authorization endpoint; and, as {@code require_pushed_authorization_requests} is
	 * false, the same clients' plain requests are taken too.
	 */
	@Test
	void requestObjectsWhenSignedWithEachAdvertisedAlgorithmThenPushedAndRedeemed() throws Exception {
		assertThat((List<Object>) this.openId.get("request_object_signing_alg_values_supported"))
			.containsExactly("RS256", "PS256", "ES256", "HS256");
		assertThat(this.openId).containsEntry("require_pushed_authorization_requests", false);
		List<AuthenticatingClient> clients = List.of(
				codeClient(keyClient(SignatureAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("rs").generate())),
				codeClient(keyClient(SignatureAlgorithm.PS256, new RSAKeyGenerator(2048).keyID("ps").generate())),
				codeClient(keyClient(SignatureAlgorithm.ES256, new ECKeyGenerator(Curve.P_256).keyID("es").generate())),
				codeClient(new AuthenticatingClient(saveSecretJwtClient(), null)));
		HttpExchange browser = HttpExchange.to(this.issuer);
		for (AuthenticatingClient client : clients) {
			String clientId = client.client().getClientId();
			String name = client.client()
				.getClientSettings()
				.getTokenEndpointAuthenticationSigningAlgorithm()
				.getName();
			JWTClaimsSet object = ClientAssertions.claims(clientId, this.issuer)
				.claim("response_type", "code")
				.claim("client_id", clientId)
				.claim("redirect_uri", REDIRECT_URI)
				.claim("scope", "openid")
				.claim("state", name)
				.claim("code_challenge", Pkce.generate().challenge())
				.claim("code_challenge_method", "S256")
				.build();
			HttpResponse<String> pushed = client.post(this, url("pushed_authorization_request_endpoint"),
					Map.of("client_id", clientId, "request", client.sign(object)));
			assertThat(pushed.statusCode()).as(name + " " + pushed.body()).isEqualTo(201);
			HttpResponse<String> redeemed = browser.browse(url("authorization_endpoint") + "?client_id=" + clientId
					+ "&request_uri="
					+ URLEncoder.encode((String) HttpExchange.json(pushed).get("request_uri"), StandardCharsets.UTF_8));
			assertThat(HttpExchange.location(redeemed).getPath()).as(name).isEqualTo("/login");
			HttpResponse<String> plain = browser.browse(authorizationRequest(client.client(), "nonce=" + name));
			assertThat(HttpExchange.location(plain).getPath()).as(name).isEqualTo("/login");
		}
	}

	/**
	 * Both logout channels with sessions: every ID token names its session ({@code sid}),
	 * which the logout tokens and front-channel URIs carry. Their delivery, to a listener
	 * of the test's own, is in BackChannelLogoutTests, on a server in development mode
	 * (the listener is on loopback).
	 */
	@Test
	void logoutWhenAdvertisedThenBothChannelsWithSessionsAndEveryIdTokenNamesItsSession() throws Exception {
		assertThat(this.openId).containsEntry("backchannel_logout_supported", true)
			.containsEntry("backchannel_logout_session_supported", true)
			.containsEntry("frontchannel_logout_supported", true)
			.containsEntry("frontchannel_logout_session_supported", true);
		RegisteredClient client = saveCodeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

		Map<String, Object> tokens = CodeGrant.of(this.issuer, client.getClientId(), SECRET, REDIRECT_URI)
			.tokens("openid profile", this.users.create(), TestUsers.PASSWORD);

		assertThat(SignedJwts
			.claims(SignedJwts.verify((String) tokens.get("id_token"),
					HttpExchange.to(this.issuer).get("/oauth2/jwks").body()))
			.getStringClaim("sid")).isNotBlank();
	}

	@Test
	void codeChallengeMethodsWhenAskedForThenOnlyS256() {
		assertThat((List<Object>) this.openId.get("code_challenge_methods_supported")).containsExactly("S256");
		RegisteredClient client = saveCodeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
		HttpExchange browser = HttpExchange.to(this.issuer);

		URI plain = authorizationRedirect(browser, client, "code_challenge_method=plain");

		assertThat(HttpExchange.queryParameters(plain)).containsEntry("error", "invalid_request")
			.doesNotContainKey("code");
		// S256 is what every code grant in these tests uses.
		assertThat(CodeGrant.of(this.issuer, client.getClientId(), SECRET, REDIRECT_URI)
			.tokens("openid profile", this.users.create(), TestUsers.PASSWORD)).containsKey("access_token");
	}

	@Test
	void scopesAndClaimsWhenAUserGrantsEveryScopeThenEachIsGrantedAndEveryClaimIsIssued() {
		List<String> advertised = (List<String>) this.openId.get("scopes_supported");
		assertThat(advertised).containsExactlyInAnyOrderElementsOf(this.scopes.known()).contains("openid");
		RegisteredClient client = saveCodeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

		Map<String, Object> tokens = CodeGrant.of(this.issuer, client.getClientId(), SECRET, REDIRECT_URI)
			.tokens(String.join(" ", advertised), this.users.create(), TestUsers.PASSWORD);

		assertThat(List.of(((String) tokens.get("scope")).split(" "))).containsExactlyInAnyOrderElementsOf(advertised);
		String jwks = HttpExchange.to(this.issuer).get(url("jwks_uri")).body();
		SignedJWT idToken = SignedJwts.verify((String) tokens.get("id_token"), jwks);
		HttpResponse<String> userInfo = HttpExchange.to(this.issuer)
			.get(url("userinfo_endpoint"), "Authorization", "Bearer " + tokens.get("access_token"));
		assertThat(userInfo.statusCode()).isEqualTo(200);
		Set<String> issued = new HashSet<>(SignedJwts.claims(idToken).getClaims().keySet());
		issued.addAll(HttpExchange.json(userInfo).keySet());
		assertThat(issued).containsExactlyInAnyOrderElementsOf((List<String>) this.openId.get("claims_supported"));
		assertThat(SignedJwts.claims(idToken).getClaim("acr")).as("what a password sign-in is")
			.isIn((List<Object>) this.openId.get("acr_values_supported"));
	}

	@Test
	void idTokensWhenIssuedThenSignedWithTheAdvertisedAlgorithmAndAPublicSubject() {
		assertThat((List<Object>) this.openId.get("id_token_signing_alg_values_supported")).containsExactly("RS256");
		assertThat((List<Object>) this.openId.get("subject_types_supported")).containsExactly("public");
		String user = this.users.create();
		RegisteredClient client = saveCodeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);

		Map<String, Object> ours = CodeGrant.of(this.issuer, client.getClientId(), SECRET, REDIRECT_URI)
			.tokens("openid profile", user, TestUsers.PASSWORD);
		Map<String, Object> demo = CodeGrant
			.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI)
			.tokens("openid profile", user, TestUsers.PASSWORD);

		String jwks = HttpExchange.to(this.issuer).get(url("jwks_uri")).body();
		SignedJWT first = SignedJwts.verify((String) ours.get("id_token"), jwks);
		SignedJWT second = SignedJwts.verify((String) demo.get("id_token"), jwks);
		assertThat(first.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(SignedJwts.claims(first).getSubject()).isEqualTo(user)
			.isEqualTo(SignedJwts.claims(second).getSubject());
	}

	@Test
	void clientAuthenticationWhenEachAdvertisedMethodAndAlgorithmIsUsedThenEveryEndpointAcceptsIt() throws Exception {
		List<String> methods = List.of("client_secret_basic", "client_secret_post", "client_secret_jwt",
				"private_key_jwt");
		List<String> algorithms = List.of("RS256", "PS256", "ES256", "HS256");
		for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			List<String> expectedMethods = new ArrayList<>(methods);
			if (endpoint.equals("token_endpoint")) {
				expectedMethods.add("none");
			}
			assertThat((List<Object>) this.openId.get(endpoint + "_auth_methods_supported")).as(endpoint)
				.containsExactlyElementsOf(expectedMethods);
			assertThat((List<Object>) this.openId.get(endpoint + "_auth_signing_alg_values_supported")).as(endpoint)
				.containsExactlyElementsOf(algorithms);
		}
		List<AuthenticatingClient> clients = List.of(
				new AuthenticatingClient(saveSecretClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC), null),
				new AuthenticatingClient(saveSecretClient(ClientAuthenticationMethod.CLIENT_SECRET_POST), null),
				new AuthenticatingClient(saveSecretJwtClient(), null),
				keyClient(SignatureAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("rs").generate()),
				keyClient(SignatureAlgorithm.PS256, new RSAKeyGenerator(2048).keyID("ps").generate()),
				keyClient(SignatureAlgorithm.ES256, new ECKeyGenerator(Curve.P_256).keyID("es").generate()));

		for (AuthenticatingClient client : clients) {
			String name = client.client().getClientAuthenticationMethods() + " "
					+ client.client().getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
			HttpResponse<String> token = client.post(this, url("token_endpoint"),
					Map.of("grant_type", "client_credentials", "scope", "message.read"));
			assertThat(token.statusCode()).as(name + " " + token.body()).isEqualTo(200);
			String accessToken = (String) HttpExchange.json(token).get("access_token");
			HttpResponse<String> introspection = client.post(this, url("introspection_endpoint"),
					Map.of("token", accessToken));
			assertThat(introspection.statusCode()).as(name).isEqualTo(200);
			assertThat(HttpExchange.json(introspection)).as(name).containsEntry("active", true);
			HttpResponse<String> revocation = client.post(this, url("revocation_endpoint"),
					Map.of("token", accessToken));
			assertThat(revocation.statusCode()).as(name).isEqualTo(200);
		}
	}

	@Test
	void publicClientsWhenTheyAuthenticateWithNothingThenOnlyTheTokenEndpointServesThem() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(browser, TestClients.PUBLIC_CLIENT_ID, TestClients.PUBLIC_REDIRECT_URI, "openid profile")
			.signInAndConsent("none", pkce, this.users.create(), TestUsers.PASSWORD);

		HttpResponse<String> token = HttpExchange.to(this.issuer)
			.postForm(url("token_endpoint"), Map.of("grant_type", "authorization_code", "code",
					HttpExchange.queryParameters(callback).get("code"), "redirect_uri", TestClients.PUBLIC_REDIRECT_URI,
					"client_id", TestClients.PUBLIC_CLIENT_ID, "code_verifier", pkce.verifier()));
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		String accessToken = (String) HttpExchange.json(token).get("access_token");
		for (String endpoint : List.of("introspection_endpoint", "revocation_endpoint")) {
			HttpResponse<String> refused = HttpExchange.to(this.issuer)
				.postForm(url(endpoint), Map.of("token", accessToken, "client_id", TestClients.PUBLIC_CLIENT_ID));
			assertThat(refused.statusCode()).as(endpoint).isEqualTo(401);
			assertThat(HttpExchange.json(refused)).as(endpoint).containsEntry("error", "invalid_client");
		}
	}

	@Test
	void dpopWhenProvedWithEachAdvertisedAlgorithmThenBoundTokensAreIssued() throws Exception {
		List<String> advertised = (List<String>) this.openId.get("dpop_signing_alg_values_supported");
		assertThat(advertised).containsExactly("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
				"ES512");
		RSAKey rsa = new RSAKeyGenerator(2048).generate();
		Map<Curve, ECKey> ec = Map.of(Curve.P_256, new ECKeyGenerator(Curve.P_256).generate(), Curve.P_384,
				new ECKeyGenerator(Curve.P_384).generate(), Curve.P_521, new ECKeyGenerator(Curve.P_521).generate());

		for (String name : advertised) {
			JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
			JWK key = name.startsWith("ES") ? ec.get(Curve.forJWSAlgorithm(algorithm).iterator().next()) : rsa;
			HttpResponse<String> bound = HttpExchange.to(this.issuer)
				.postForm(url("token_endpoint"), Map.of("grant_type", "client_credentials", "scope", "message.read"),
						"Authorization", basic(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET),
						"DPoP", dpopProof(algorithm, key));
			assertThat(bound.statusCode()).as(name + " " + bound.body()).isEqualTo(200);
			assertThat(HttpExchange.json(bound)).as(name).containsEntry("token_type", "DPoP");
		}
		HttpResponse<String> symmetric = HttpExchange.to(this.issuer)
			.postForm(url("token_endpoint"), Map.of("grant_type", "client_credentials", "scope", "message.read"),
					"Authorization", basic(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET), "DPoP",
					symmetricProof());
		assertThat(symmetric.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(symmetric)).containsEntry("error", "invalid_dpop_proof");
	}

	private String dpopProof(JWSAlgorithm algorithm, JWK key) throws JOSEException {
		JWSHeader header = new JWSHeader.Builder(algorithm).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build();
		SignedJWT proof = new SignedJWT(header, proofClaims());
		JWSSigner signer = (key instanceof RSAKey rsa) ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
		proof.sign(signer);
		return proof.serialize();
	}

	/** HS256 has no public key a proof could carry: no DPoP algorithm. */
	private String symmetricProof() throws JOSEException {
		SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(new RSAKeyGenerator(2048).generate().toPublicJWK())
			.build(), proofClaims());
		proof.sign(new MACSigner(SECRET.repeat(2)));
		return proof.serialize();
	}

	private JWTClaimsSet proofClaims() {
		return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", "POST")
			.claim("htu", url("token_endpoint"))
			.issueTime(Date.from(Instant.now()))
			.build();
	}

	/**
	 * An authorization request of this client with {@code parameters} in place of the
	 * usual {@code response_type} or {@code code_challenge_method}, or added; the
	 * framework checks these before it asks for a login, so the answer is a redirect to
	 * the client.
	 */
	private URI authorizationRedirect(HttpExchange browser, RegisteredClient client, String parameters) {
		HttpResponse<String> response = browser.browse(authorizationRequest(client, parameters));
		assertThat(response.statusCode()).as(parameters + " " + response.body()).isEqualTo(302);
		URI location = HttpExchange.location(response);
		assertThat(location.toString()).as(parameters).startsWith(REDIRECT_URI);
		return location;
	}

	private String authorizationRequest(RegisteredClient client, String parameters) {
		String request = url("authorization_endpoint") + "?client_id=" + client.getClientId() + "&redirect_uri="
				+ REDIRECT_URI + "&scope=openid&state=s&code_challenge=" + Pkce.generate().challenge() + "&"
				+ parameters;
		if (!parameters.startsWith("response_type=")) {
			request += "&response_type=code";
		}
		if (!parameters.startsWith("code_challenge_method=")) {
			request += "&code_challenge_method=S256";
		}
		return request;
	}

	private HttpResponse<String> machineTokenRequest(Map<String, String> form) {
		return HttpExchange.to(this.issuer)
			.postFormAsClient(url("token_endpoint"), form, TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET);
	}

	private RegisteredClient saveCodeClient(ClientAuthenticationMethod method) {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("truth-code-" + UUID.randomUUID())
			.clientSecret(this.clientSecretEncoder.encodeFor(Set.of(method), SECRET))
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(REDIRECT_URI)
			.scopes((scopes) -> scopes.addAll(this.scopes.known()))
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).requireProofKey(true).build())
			.build();
		this.clients.save(client);
		return client;
	}

	private RegisteredClient saveSecretClient(ClientAuthenticationMethod method) {
		return save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("truth-" + method.getValue() + "-" + UUID.randomUUID())
			.clientSecret(this.clientSecretEncoder.encodeFor(Set.of(method), SECRET))
			.clientAuthenticationMethod(method), ClientSettings.builder());
	}

	private RegisteredClient saveSecretJwtClient() {
		return save(
				RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId("truth-secret-jwt-" + UUID.randomUUID())
					.clientSecret(this.clientSecretEncoder
						.encodeFor(Set.of(ClientAuthenticationMethod.CLIENT_SECRET_JWT), SECRET))
					.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_JWT),
				ClientSettings.builder().tokenEndpointAuthenticationSigningAlgorithm(MacAlgorithm.HS256));
	}

	private AuthenticatingClient keyClient(SignatureAlgorithm algorithm, JWK key) {
		RegisteredClient client = save(
				RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId("truth-key-" + algorithm.getName() + "-" + UUID.randomUUID())
					.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT),
				ClientSettings.builder()
					.tokenEndpointAuthenticationSigningAlgorithm(algorithm)
					.setting(ClientAssertionDecoderFactory.JWKS_SETTING, new JWKSet(key.toPublicJWK()).toString()));
		return new AuthenticatingClient(client, key);
	}

	/** The client, allowed the code grant to {@link #REDIRECT_URI} too. */
	private AuthenticatingClient codeClient(AuthenticatingClient client) {
		RegisteredClient withCode = RegisteredClient.from(client.client())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT_URI)
			.scope("openid")
			.build();
		this.clients.save(withCode);
		return new AuthenticatingClient(withCode, client.key());
	}

	private RegisteredClient save(RegisteredClient.Builder client, ClientSettings.Builder settings) {
		RegisteredClient saved = client.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.clientSettings(settings.build())
			.build();
		this.clients.save(saved);
		return saved;
	}

	private String url(String member) {
		return (String) this.openId.get(member);
	}

	private Map<String, Object> document(String path) {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	private static String basic(String clientId, String secret) {
		return RawHttp.basicAuthorization(clientId, secret).substring("Authorization: ".length());
	}

	/**
	 * A client and how it authenticates: with its secret (Basic, in the form, or as an
	 * HS256 assertion) or with its private key.
	 */
	private record AuthenticatingClient(RegisteredClient client, JWK key) {

		HttpResponse<String> post(DiscoveryMetadataTruthTests test, String url, Map<String, String> parameters)
				throws JOSEException {
			HttpExchange http = HttpExchange.to(test.issuer);
			ClientAuthenticationMethod method = this.client.getClientAuthenticationMethods().iterator().next();
			String clientId = this.client.getClientId();
			if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)) {
				return http.postFormAsClient(url, parameters, clientId, SECRET);
			}
			Map<String, String> form = new LinkedHashMap<>(parameters);
			if (ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
				form.put("client_id", clientId);
				form.put("client_secret", SECRET);
				return http.postForm(url, form);
			}
			JWTClaimsSet claims = ClientAssertions.claims(clientId, test.url("token_endpoint")).build();
			JwsAlgorithm algorithm = this.client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
			String assertion = (this.key == null) ? ClientAssertions.sign(claims, SECRET)
					: sign(claims, JWSAlgorithm.parse(algorithm.getName()), this.key);
			return http.postForm(url, ClientAssertions.form(parameters, clientId, assertion));
		}

		/** Signed as its assertions are: with its key, or HS256 and its secret. */
		String sign(JWTClaimsSet claims) throws JOSEException {
			JwsAlgorithm algorithm = this.client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
			return (this.key == null) ? ClientAssertions.sign(claims, SECRET)
					: sign(claims, JWSAlgorithm.parse(algorithm.getName()), this.key);
		}

		private static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, JWK key) throws JOSEException {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
			jwt.sign((key instanceof RSAKey rsa) ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
			return jwt.serialize();
		}

	}

}
