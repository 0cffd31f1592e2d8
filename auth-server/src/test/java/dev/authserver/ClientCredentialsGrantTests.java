package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The machine-to-machine grant over real HTTP: tokens, their signatures and claims, and
 * the RFC 6749 §5.2 errors.
 */
@AuthServerTest
class ClientCredentialsGrantTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Test
	void tokenRequestWithClientSecretBasicThenSignedRfc9068AccessToken() throws Exception {
		HttpExchange http = HttpExchange.to(this.issuer);
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read message.write"),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		Map<String, Object> body = HttpExchange.json(response);
		assertThat(body.get("token_type")).isEqualTo("Bearer");
		assertThat(body.get("scope")).isEqualTo("message.read message.write");
		assertThat(body).doesNotContainKey("refresh_token");

		SignedJWT jwt = SignedJwts.verify((String) body.get("access_token"), http.get("/oauth2/jwks").body());
		assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(this.issuer);
		assertThat(claims.getSubject()).isEqualTo(TestClients.MACHINE_CLIENT_ID);
		assertThat(claims.getStringClaim("client_id")).isEqualTo(TestClients.MACHINE_CLIENT_ID);
		assertThat(claims.getAudience()).containsExactly("http://localhost:8081");
		assertThat(claims.getStringClaim("scope")).isEqualTo("message.read message.write");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime().toInstant()).isBefore(Instant.now().plusSeconds(5));
		assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now());
	}

	@Test
	void tokenRequestWithClientSecretPostThenSignedAccessToken() {
		HttpExchange http = HttpExchange.to(this.issuer);
		HttpResponse<String> response = http.postForm("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read", "client_id",
						TestClients.MACHINE_CLIENT_ID, "client_secret", TestClients.MACHINE_CLIENT_SECRET));

		assertThat(response.statusCode()).isEqualTo(200);
		SignedJWT jwt = SignedJwts.verify((String) HttpExchange.json(response).get("access_token"),
				http.get("/oauth2/jwks").body());
		assertThat(SignedJwts.claims(jwt).getClaim("scope")).isEqualTo("message.read");
	}

	@Test
	void tokenRequestWithoutScopeThenNoScopeInTheResponseTheTokenOrItsIntrospection() {
		HttpExchange http = HttpExchange.to(this.issuer);
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> body = HttpExchange.json(response);
		assertThat(body).containsKey("access_token").doesNotContainKey("scope");
		SignedJWT jwt = SignedJwts.verify((String) body.get("access_token"), http.get("/oauth2/jwks").body());
		assertThat(SignedJwts.claims(jwt).getClaims()).containsKey("client_id").doesNotContainKey("scope");
		assertThat(
				HttpExchange.json(http.postFormAsClient("/oauth2/introspect", Map.of("token", body.get("access_token")),
						TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET)))
			.containsEntry("active", true)
			.doesNotContainKey("scope");
	}

	@Test
	void tokenRequestWhenClientSecretIsWrongThenUnauthorizedInvalidClient() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"),
					TestClients.MACHINE_CLIENT_ID, "wrong-secret");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_client");
	}

	@Test
	void tokenRequestWhenClientIsUnknownThenUnauthorizedInvalidClient() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), "no-such-client", "secret");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_client");
	}

	@Test
	void tokenRequestWhenScopeIsNotRegisteredThenInvalidScope() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "admin.everything"),
					TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_scope");
	}

	@Test
	void tokenRequestWhenGrantTypeIsMissingThenInvalidRequest() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_request");
	}

	@Test
	void tokenRequestWhenGrantTypeIsUnknownThenUnsupportedGrantType() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "password", "username", "demo", "password", "x"),
					TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("unsupported_grant_type");
	}

	@Test
	void tokenRequestWhenClientIsNotRegisteredForTheGrantThenUnauthorizedClient() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), TestClients.WEB_CLIENT_ID,
					TestClients.WEB_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("unauthorized_client");
	}

	@Test
	void declaredClientWhenRegisteredFromPropertiesThenSecretIsStoredHashedAndWorks() {
		String stored = this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
			.param(TestClients.DECLARED_CLIENT_ID)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("{sha256}").doesNotContain(TestClients.DECLARED_CLIENT_SECRET);

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read"),
					TestClients.DECLARED_CLIENT_ID, TestClients.DECLARED_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(response).get("access_token")).isNotNull();
	}

	@Test
	void tokenRequestWhenAResourceIsNamedThenTheTokenIsForThatResourceOnly() throws Exception {
		HttpExchange http = HttpExchange.to(this.issuer);
		HttpResponse<String> response = http
			.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "client_credentials", "scope", "message.read", "resource",
							TestClients.OTHER_RESOURCE),
					TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		JWTClaimsSet claims = SignedJwts
			.verify((String) HttpExchange.json(response).get("access_token"), http.get("/oauth2/jwks").body())
			.getJWTClaimsSet();
		assertThat(claims.getAudience()).containsExactly(TestClients.OTHER_RESOURCE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://unknown.example/api", "http://localhost:8081#fragment", "not a uri" })
	void tokenRequestWhenTheResourceIsUnknownOrMalformedThenInvalidTarget(String resource) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "resource", resource),
					TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response).get("error")).isEqualTo("invalid_target");
	}

	@Test
	void tokenRequestWhenClientLifetimeExceedsTheServerMaximumThenTheTokenLivesTheMaximum() throws Exception {
		HttpExchange http = HttpExchange.to(this.issuer);
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.DECLARED_CLIENT_ID,
				TestClients.DECLARED_CLIENT_SECRET);

		Map<String, Object> body = HttpExchange.json(response);
		JWTClaimsSet claims = SignedJwts.verify((String) body.get("access_token"), http.get("/oauth2/jwks").body())
			.getJWTClaimsSet();
		Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
		assertThat(lifetime)
			.as("declared %s, cut to authserver.keys.max-token-lifetime",
					TestClients.DECLARED_CLIENT_ACCESS_TOKEN_TIME_TO_LIVE)
			.isEqualTo(Duration.ofHours(1));
		assertThat(((Number) body.get("expires_in")).longValue()).isBetween(3599L, 3600L);
	}

	@Test
	void clientSecretWhenStoredWithBcryptThenStillAcceptedAndRehashedWithSha256() {
		RegisteredClient declared = this.clients.findByClientId(TestClients.DECLARED_CLIENT_ID);
		this.clients.save(RegisteredClient.from(declared)
			.clientSecret("{bcrypt}" + new BCryptPasswordEncoder().encode(TestClients.DECLARED_CLIENT_SECRET))
			.build());

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read"),
					TestClients.DECLARED_CLIENT_ID, TestClients.DECLARED_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
			.param(TestClients.DECLARED_CLIENT_ID)
			.query(String.class)
			.single()).startsWith("{sha256}");
	}

	@Test
	void clientSecretWhenStoredAsUnsaltedSha256ThenStillAcceptedAndRehashedWithASalt() throws Exception {
		RegisteredClient declared = this.clients.findByClientId(TestClients.DECLARED_CLIENT_ID);
		String unsalted = "{sha256}" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest(TestClients.DECLARED_CLIENT_SECRET.getBytes(StandardCharsets.UTF_8)));
		this.clients.save(RegisteredClient.from(declared).clientSecret(unsalted).build());

		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read"),
					TestClients.DECLARED_CLIENT_ID, TestClients.DECLARED_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?")
			.param(TestClients.DECLARED_CLIENT_ID)
			.query(String.class)
			.single()).matches("\\{sha256}[0-9a-f]+\\$[0-9a-f]{64}");
	}

	@Test
	void demoClientsWhenSeededThenSecretsAreStoredHashed() {
		assertThat(this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id IN (?, ?)")
			.params(TestClients.MACHINE_CLIENT_ID, TestClients.WEB_CLIENT_ID)
			.query(String.class)
			.list()).isNotEmpty()
			.allSatisfy((secret) -> assertThat(secret).startsWith("{sha256}"))
			.noneMatch((secret) -> secret.contains(TestClients.MACHINE_CLIENT_SECRET)
					|| secret.contains(TestClients.WEB_CLIENT_SECRET));
	}

}
