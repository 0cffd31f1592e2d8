package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Failed client authentications are throttled per client id and caller address: after a
 * few, that client's requests from that address get 429 with {@code invalid_client} and
 * {@code Retry-After}, even with the right secret, while other clients, and the same
 * client from other addresses, pass. The test client is on this host, a trusted proxy, so
 * its {@code X-Forwarded-For} stands for callers elsewhere.
 */
@TunedServerTest
class ClientAuthenticationThrottleTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Test
	void tokenRequestsWhenAClientFailedTooOftenThenItIsThrottledAndOthersAreNot() {
		HttpExchange http = HttpExchange.to(this.issuer);
		Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials", "scope", "message.read");
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> failed = http.postFormAsClient("/oauth2/token", clientCredentials,
					TestClients.MACHINE_CLIENT_ID, "wrong-" + i);
			assertThat(failed.statusCode()).isEqualTo(401);
		}

		HttpResponse<String> throttled = http.postFormAsClient("/oauth2/token", clientCredentials,
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect", Map.of("token", "anything"),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		HttpResponse<String> otherClient = http.postFormAsClient("/oauth2/token", clientCredentials,
				TestClients.DECLARED_CLIENT_ID, TestClients.DECLARED_CLIENT_SECRET);

		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(HttpExchange.json(throttled)).containsEntry("error", "invalid_client");
		assertThat(introspection.statusCode()).isEqualTo(429);
		assertThat(otherClient.statusCode()).isEqualTo(200);
	}

	@Test
	void tokenRequestsWhenAssertionsOfAClientFailedTooOftenThenEvenAValidOneIsThrottled() {
		RSAKey key = ClientAssertions.newRsaKey();
		RegisteredClient client = ClientAssertions.privateKeyJwtClient(ClientAssertions.withPublicKeyOf(key));
		this.clients.save(client);
		String audience = this.issuer + "/oauth2/token";
		HttpExchange http = HttpExchange.to(this.issuer);
		for (int i = 0; i < 3; i++) {
			String forged = ClientAssertions.sign(ClientAssertions.claims(client.getClientId(), audience).build(),
					ClientAssertions.newRsaKey());
			HttpResponse<String> failed = http.postForm("/oauth2/token",
					ClientAssertions.form(Map.of("grant_type", "client_credentials"), client.getClientId(), forged));
			assertThat(failed.statusCode()).isEqualTo(401);
		}

		String valid = ClientAssertions.sign(ClientAssertions.claims(client.getClientId(), audience).build(), key);
		HttpResponse<String> throttled = http.postForm("/oauth2/token",
				ClientAssertions.form(Map.of("grant_type", "client_credentials"), client.getClientId(), valid));

		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(HttpExchange.json(throttled)).containsEntry("error", "invalid_client");
	}

	@Test
	void tokenRequestWhenOtherAddressesFailedForAClientThenItsRightSecretStillGetsAToken() {
		String clientId = "throttled-" + UUID.randomUUID();
		String secret = "secret-" + UUID.randomUUID();
		this.clients.save(RegisteredClient.from(this.clients.findByClientId(TestClients.DECLARED_CLIENT_ID))
			.id(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientSecret("{bcrypt}" + new BCryptPasswordEncoder().encode(secret))
			.build());
		Map<String, String> clientCredentials = Map.of("grant_type", "client_credentials", "scope", "message.read");
		HttpExchange http = HttpExchange.to(this.issuer);
		for (String address : new String[] { "203.0.113.30", "203.0.113.31" }) {
			for (int i = 0; i < 3; i++) {
				assertThat(tokenRequestFrom(address, http, clientCredentials, clientId, "wrong-" + i).statusCode())
					.isEqualTo(401);
			}
		}

		HttpResponse<String> fromAFailingAddress = tokenRequestFrom("203.0.113.30", http, clientCredentials, clientId,
				secret);
		HttpResponse<String> fromItsOwnAddress = http.postFormAsClient("/oauth2/token", clientCredentials, clientId,
				secret);

		assertThat(fromAFailingAddress.statusCode()).isEqualTo(429);
		assertThat(HttpExchange.json(fromAFailingAddress)).containsEntry("error", "invalid_client");
		assertThat(fromItsOwnAddress.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(fromItsOwnAddress)).containsKey("access_token");
	}

	/**
	 * A {@code client_secret_basic} (RFC 6749 §2.3.1) token request from a caller at this
	 * address.
	 */
	private static HttpResponse<String> tokenRequestFrom(String address, HttpExchange http, Map<String, String> form,
			String clientId, String secret) {
		String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return http.postForm("/oauth2/token", form, "Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)),
				"X-Forwarded-For", address);
	}

	/**
	 * The framework serves its endpoints at any spelling of their path
	 * ({@code /oauth2/%74oken} too); none may let a throttled client in.
	 */
	@Test
	void tokenRequestsWhenAThrottledClientSpellsThePathOtherwiseThenItIsRefusedStill() {
		String secret = UUID.randomUUID().toString();
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("encoded-paths-" + UUID.randomUUID())
			.clientSecret("{bcrypt}" + new BCryptPasswordEncoder().encode(secret))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.build();
		this.clients.save(client);
		HttpExchange http = HttpExchange.to(this.issuer);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> failed = http.postFormAsClient("/oauth2/token",
					Map.of("grant_type", "client_credentials"), client.getClientId(), "wrong-" + i);
			assertThat(failed.statusCode()).isEqualTo(401);
		}
		RawHttp raw = RawHttp.to(this.issuer);
		List<String> headers = List.of("Content-Type: application/x-www-form-urlencoded",
				RawHttp.basicAuthorization(client.getClientId(), secret));

		for (String path : List.of("/oauth2/%74oken", "/oauth2/tok%65n", "/%6fauth2/token", "/oauth2/%69ntrospect",
				"/oauth2/revok%65")) {
			RawHttp.Response response = raw.send("POST", path, headers,
					"grant_type=client_credentials&token=x".getBytes(StandardCharsets.US_ASCII));

			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.json()).as(path).containsEntry("error", "invalid_request").doesNotContainKey("active");
		}
		HttpResponse<String> throttled = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials"), client.getClientId(), secret);
		assertThat(throttled.statusCode()).isEqualTo(429);
	}

}
