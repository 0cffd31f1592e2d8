package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpServer;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.clients.ClientAdministration;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Client authentication with signed assertions (RFC 7523) over real HTTP:
 * {@code private_key_jwt} with registered keys or a {@code jwks_uri},
 * {@code client_secret_jwt} with the secret, each assertion once, and every failure the
 * 401 {@code invalid_client} of RFC 6749 §5.2.
 */
@TunedServerTest
class ClientAssertionTests {

	private static final Map<String, String> CLIENT_CREDENTIALS = Map.of("grant_type", "client_credentials", "scope",
			"message.read");

	/** 256 bits as base64url, like the secrets the server issues. */
	private static final String SECRET = "c2VjcmV0LW9mLXRoZS1jbGllbnQtc2VjcmV0LWp3dC10ZXN0";

	private static final RSAKey CLIENT_KEY = ClientAssertions.newRsaKey();

	private static final RSAKey OTHER_KEY = ClientAssertions.newRsaKey();

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	@Autowired
	ClientAdministration administration;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	@Autowired
	JdbcClient jdbc;

	HttpServer jwksServer;

	String keyClientId;

	String secretClientId;

	@BeforeEach
	void clients() {
		this.keyClientId = save(ClientAssertions.privateKeyJwtClient(ClientAssertions.withPublicKeyOf(CLIENT_KEY)));
		this.secretClientId = save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("secret-jwt-" + UUID.randomUUID())
			.clientSecret(
					this.clientSecretEncoder.encodeFor(Set.of(ClientAuthenticationMethod.CLIENT_SECRET_JWT), SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.clientSettings(
					ClientSettings.builder().tokenEndpointAuthenticationSigningAlgorithm(MacAlgorithm.HS256).build())
			.build());
	}

	@AfterEach
	void stopJwksServer() {
		if (this.jwksServer != null) {
			this.jwksServer.stop(0);
		}
	}

	@Test
	void privateKeyJwtWhenAssertionIsValidThenTokenIssuedAndIntrospectionAccepted() {
		HttpResponse<String> token = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				keySigned(this.keyClientId));

		assertThat(token.statusCode()).isEqualTo(200);
		String accessToken = (String) HttpExchange.json(token).get("access_token");
		HttpResponse<String> introspection = post("/oauth2/introspect", Map.of("token", accessToken), this.keyClientId,
				keySigned(this.keyClientId));
		assertThat(introspection.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(introspection)).containsEntry("active", true)
			.containsEntry("client_id", this.keyClientId);
	}

	@Test
	void clientSecretJwtWhenAssertionIsValidThenTokenIssuedAndRevocationAccepted() {
		HttpResponse<String> token = post("/oauth2/token", CLIENT_CREDENTIALS, this.secretClientId,
				ClientAssertions.sign(claims(this.secretClientId).build(), SECRET));

		assertThat(token.statusCode()).isEqualTo(200);
		HttpResponse<String> revocation = post("/oauth2/revoke",
				Map.of("token", (String) HttpExchange.json(token).get("access_token")), this.secretClientId,
				ClientAssertions.sign(claims(this.secretClientId).build(), SECRET));
		assertThat(revocation.statusCode()).isEqualTo(200);
	}

	@Test
	void assertionWhenClientIdIsLeftOutThenInvalidRequestAsTheFrameworkRequiresIt() {
		HttpResponse<String> token = post("/oauth2/token", CLIENT_CREDENTIALS, null, keySigned(this.keyClientId));

		assertThat(token.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(token)).containsEntry("error", "invalid_request");
	}

	@Test
	void assertionWhenReplayedThenUnauthorizedInvalidClient() {
		String assertion = keySigned(this.keyClientId);

		HttpResponse<String> first = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId, assertion);
		HttpResponse<String> replay = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId, assertion);

		assertThat(first.statusCode()).isEqualTo(200);
		assertInvalidClient(replay);
		assertThat(this.jdbc.sql("SELECT expires_at FROM used_client_assertion WHERE client_id = ?")
			.param(this.keyClientId)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant()).isAfter(Instant.now());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void assertionWhenInvalidThenUnauthorizedInvalidClient(Function<ClientAssertionTests, String[]> request) {
		String[] clientIdAndAssertion = request.apply(this);

		HttpResponse<String> response = post("/oauth2/token", CLIENT_CREDENTIALS, clientIdAndAssertion[0],
				clientIdAndAssertion[1]);

		assertInvalidClient(response);
	}

	static Stream<Arguments> assertionWhenInvalidThenUnauthorizedInvalidClient() {
		return Stream
			.of(refused("wrong aud",
					(test) -> test.keyRequest((claims) -> claims.audience("https://elsewhere.example/oauth2/token"),
							CLIENT_KEY)),
					refused("expired",
							(test) -> test.keyRequest(
									(claims) -> claims.issueTime(Date.from(Instant.now().minusSeconds(600)))
										.expirationTime(Date.from(Instant.now().minusSeconds(300))),
									CLIENT_KEY)),
					refused("no exp", (test) -> test.keyRequest((claims) -> claims.expirationTime(null), CLIENT_KEY)),
					refused("no jti", (test) -> test.keyRequest((claims) -> claims.jwtID(null), CLIENT_KEY)),
					refused("lifetime over 5 minutes", (test) -> test.keyRequest(
							(claims) -> claims.expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(30)))),
							CLIENT_KEY)),
					refused("iss of another client",
							(test) -> test.keyRequest((claims) -> claims.issuer("someone-else"), CLIENT_KEY)),
					refused("signed by another key",
							(test) -> test.keyRequest((claims) -> claims,
									new RSAKey.Builder(OTHER_KEY).keyID(CLIENT_KEY.getKeyID()).build())),
					refused("unknown kid", (test) -> test.keyRequest((claims) -> claims, OTHER_KEY)),
					refused("alg none",
							(test) -> new String[] { test.keyClientId,
									new PlainJWT(test.claims(test.keyClientId).build()).serialize() }),
					refused("not a JWT", (test) -> new String[] { test.keyClientId, "not-a-jwt" }),
					refused("HS256 for a private_key_jwt client",
							(test) -> new String[] { test.keyClientId,
									ClientAssertions.sign(test.claims(test.keyClientId).build(), SECRET) }),
					refused("RS256 for a client_secret_jwt client",
							(test) -> new String[] { test.secretClientId,
									ClientAssertions.sign(test.claims(test.secretClientId).build(), CLIENT_KEY) }),
					refused("HS256 with another secret",
							(test) -> new String[] { test.secretClientId,
									ClientAssertions.sign(test.claims(test.secretClientId).build(),
											SECRET.replace('c', 'd')) }),
					refused("unknown client", (test) -> new String[] { "no-such-client",
							ClientAssertions.sign(test.claims("no-such-client").build(), CLIENT_KEY) }));
	}

	@Test
	void privateKeyJwtWhenKeysAreAtAJwksUriThenFetchedOverHttpAndAChangedUriTakesEffect() throws IOException {
		RSAKey rotatedKey = ClientAssertions.newRsaKey();
		this.jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		serve("/jwks", CLIENT_KEY);
		serve("/rotated-jwks", rotatedKey);
		this.jwksServer.start();
		String jwksUri = "http://127.0.0.1:" + this.jwksServer.getAddress().getPort();
		useJwksUri(jwksUri + "/jwks");

		HttpResponse<String> token = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				keySigned(this.keyClientId));
		useJwksUri(jwksUri + "/rotated-jwks");
		HttpResponse<String> withRotatedKey = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				ClientAssertions.sign(claims(this.keyClientId).build(), rotatedKey));
		HttpResponse<String> withOldKey = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				keySigned(this.keyClientId));

		assertThat(token.statusCode()).isEqualTo(200);
		assertThat(withRotatedKey.statusCode()).isEqualTo(200);
		assertInvalidClient(withOldKey);
	}

	@Test
	void privateKeyJwtWhenTheJwksUriRedirectsOrAnswersTooMuchThenNotFollowedAndUnauthorizedInvalidClient()
			throws IOException {
		this.jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		serve("/jwks", CLIENT_KEY);
		this.jwksServer.createContext("/moved", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "/jwks");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		byte[] huge = ("{\"keys\": [], \"padding\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
		this.jwksServer.createContext("/huge", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			try (var body = exchange.getResponseBody()) {
				body.write(huge);
			}
			catch (IOException ex) {
				// The server stopped reading: what this test wants.
			}
		});
		this.jwksServer.start();
		String jwksUri = "http://127.0.0.1:" + this.jwksServer.getAddress().getPort();

		useJwksUri(jwksUri + "/moved");
		HttpResponse<String> redirected = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				keySigned(this.keyClientId));
		useJwksUri(jwksUri + "/huge");
		HttpResponse<String> oversized = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				keySigned(this.keyClientId));
		useJwksUri(jwksUri + "/jwks");
		HttpResponse<String> direct = post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				keySigned(this.keyClientId));

		assertInvalidClient(redirected);
		assertInvalidClient(oversized);
		assertThat(direct.statusCode()).as("the same keys, served directly").isEqualTo(200);
	}

	@Test
	void privateKeyJwtWhenTheJwksUriIsUnreachableThenUnauthorizedInvalidClient() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String clientId = save(ClientAssertions
			.privateKeyJwtClient(ClientSettings.builder().jwkSetUrl("http://127.0.0.1:" + closedPort + "/jwks")));

		assertInvalidClient(post("/oauth2/token", CLIENT_CREDENTIALS, clientId, keySigned(clientId)));
	}

	@Test
	void clientSecretJwtWhenTheSecretIsRotatedThenOnlyTheNewSecretSigns() {
		String newSecret = this.administration.rotateSecret(this.clients.findByClientId(this.secretClientId));

		HttpResponse<String> withOldSecret = post("/oauth2/token", CLIENT_CREDENTIALS, this.secretClientId,
				ClientAssertions.sign(claims(this.secretClientId).build(), SECRET));
		HttpResponse<String> withNewSecret = post("/oauth2/token", CLIENT_CREDENTIALS, this.secretClientId,
				ClientAssertions.sign(claims(this.secretClientId).build(), newSecret));

		assertInvalidClient(withOldSecret);
		assertThat(withNewSecret.statusCode()).isEqualTo(200);
	}

	@Test
	void assertionWhenRefusedThenRecordedAsAClientAuthenticationFailure() {
		post("/oauth2/token", CLIENT_CREDENTIALS, this.keyClientId,
				ClientAssertions.sign(claims(this.keyClientId).build(), OTHER_KEY));

		List<String> outcomes = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT outcome FROM audit_event WHERE type = 'CLIENT_AUTHENTICATION' AND client_id = ?")
				.param(this.keyClientId)
				.query(String.class)
				.list(), (rows) -> !rows.isEmpty());
		assertThat(outcomes).containsOnly("FAILURE");
	}

	@Test
	void registerWhenPrivateKeyJwtWithJwksThenNoSecretAndTheKeysAuthenticate() {
		HttpResponse<String> response = register("""
				{"grant_types": ["client_credentials"], "scope": "message.read",
				 "token_endpoint_auth_method": "private_key_jwt", "jwks": %s}"""
			.formatted(new JWKSet(CLIENT_KEY.toPublicJWK()).toString()));

		assertThat(response.statusCode()).isEqualTo(201);
		Map<String, Object> registered = HttpExchange.json(response);
		assertThat(registered).doesNotContainKeys("client_secret", "client_secret_expires_at")
			.containsEntry("token_endpoint_auth_method", "private_key_jwt")
			.containsEntry("token_endpoint_auth_signing_alg", "RS256")
			.containsKey("jwks");
		String clientId = (String) registered.get("client_id");
		assertThat(post("/oauth2/token", CLIENT_CREDENTIALS, clientId, keySigned(clientId)).statusCode())
			.isEqualTo(200);
	}

	@Test
	void registerWhenClientSecretJwtThenTheReturnedSecretSignsAndIsStoredEncrypted() {
		HttpResponse<String> response = register("""
				{"grant_types": ["client_credentials"], "scope": "message.read",
				 "token_endpoint_auth_method": "client_secret_jwt"}""");

		assertThat(response.statusCode()).isEqualTo(201);
		Map<String, Object> registered = HttpExchange.json(response);
		String clientId = (String) registered.get("client_id");
		String secret = (String) registered.get("client_secret");
		assertThat(registered).containsEntry("token_endpoint_auth_signing_alg", "HS256");
		String stored = this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
			.param(clientId)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("{encrypted}").doesNotContain(secret);
		assertThat(post("/oauth2/token", CLIENT_CREDENTIALS, clientId,
				ClientAssertions.sign(claims(clientId).build(), secret))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void registerWhenPrivateKeyJwtMetadataIsWrongThenInvalidClientMetadata() {
		String publicJwks = new JWKSet(CLIENT_KEY.toPublicJWK()).toString();
		String privateJwks = new JWKSet(CLIENT_KEY).toString(false);
		// Short enough as sent, but every quote doubles when stored inside the client's
		// settings.
		String quotedKidJwks = new JWKSet(new RSAKey.Builder(CLIENT_KEY.toPublicJWK()).keyID("\"".repeat(2500)).build())
			.toString();
		String base = "\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\", ";

		assertThat(Stream.of(base + "\"token_endpoint_auth_method\": \"private_key_jwt\"",
				base + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"jwks_uri\": \"https://a.example/jwks\", "
						+ "\"jwks\": " + publicJwks,
				base + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"jwks_uri\": \"http://a.example/jwks\"",
				base + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"jwks\": " + privateJwks,
				base + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"jwks\": {\"keys\": []}",
				base + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"jwks\": " + quotedKidJwks,
				base + "\"token_endpoint_auth_method\": \"private_key_jwt\", \"jwks\": " + publicJwks
						+ ", \"token_endpoint_auth_signing_alg\": \"HS256\"",
				base + "\"token_endpoint_auth_method\": \"client_secret_basic\", \"jwks\": " + publicJwks)
			.map((members) -> register("{" + members + "}"))).allSatisfy((response) -> {
				assertThat(response.statusCode()).isEqualTo(400);
				assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client_metadata");
			});
	}

	@Test
	void discoveryWhenReadThenAdvertisesBothAssertionMethodsAndTheirAlgorithms() {
		HttpExchange http = HttpExchange.to(this.issuer);
		for (String document : List.of("/.well-known/oauth-authorization-server",
				"/.well-known/openid-configuration")) {
			Map<String, Object> metadata = HttpExchange.json(http.get(document));

			assertThat(metadata.get("token_endpoint_auth_methods_supported")).as(document)
				.isEqualTo(List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
						"none"));
			assertThat(metadata.get("token_endpoint_auth_signing_alg_values_supported")).as(document)
				.isEqualTo(List.of("RS256", "PS256", "ES256", "HS256"));
			assertThat(metadata.get("introspection_endpoint_auth_methods_supported")).as(document)
				.isEqualTo(
						List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"));
		}
	}

	private static Arguments refused(String name, Function<ClientAssertionTests, String[]> request) {
		return Arguments.of(Named.of(name, request));
	}

	private String[] keyRequest(Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> change, RSAKey key) {
		return new String[] { this.keyClientId,
				ClientAssertions.sign(change.apply(claims(this.keyClientId)).build(), key) };
	}

	private String keySigned(String clientId) {
		return ClientAssertions.sign(claims(clientId).build(), CLIENT_KEY);
	}

	private JWTClaimsSet.Builder claims(String clientId) {
		return ClientAssertions.claims(clientId, this.issuer + "/oauth2/token");
	}

	private HttpResponse<String> post(String path, Map<String, String> parameters, String clientId, String assertion) {
		return HttpExchange.to(this.issuer).postForm(path, ClientAssertions.form(parameters, clientId, assertion));
	}

	private HttpResponse<String> register(String json) {
		String initialAccessToken = this.initialAccessTokens.create("assertions", Set.of(), Set.of(), null,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
		return HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", json, "Authorization", "Bearer " + initialAccessToken);
	}

	/**
	 * The private_key_jwt client's keys are at this URL from now on, instead of its
	 * registered jwks.
	 */
	private void useJwksUri(String url) {
		this.clients.save(RegisteredClient.from(this.clients.findByClientId(this.keyClientId))
			.clientSettings(ClientSettings.builder()
				.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
				.jwkSetUrl(url)
				.build())
			.build());
	}

	private String save(RegisteredClient client) {
		this.clients.save(client);
		return client.getClientId();
	}

	private void serve(String path, RSAKey key) {
		byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		this.jwksServer.createContext(path, (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (var body = exchange.getResponseBody()) {
				body.write(jwks);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private static void assertInvalidClient(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client");
	}

}
