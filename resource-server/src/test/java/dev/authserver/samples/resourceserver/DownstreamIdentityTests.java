package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import dev.authserver.testsupport.TestJwksServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /api/downstream-identity} exchanges the caller's token at the issuer's token
 * endpoint (RFC 8693) as this API's client, with its own client credentials token as the
 * actor token, and answers what the downstream API says with the new token. The stand-in
 * issuer plays the token endpoint and the downstream API, and records what it was sent.
 */
@ResourceServerTest
class DownstreamIdentityTests {

	private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer issuer;

	/** The token requests the stand-in token endpoint received, as form parameters. */
	final ConcurrentLinkedQueue<Map<String, String>> tokenRequests = new ConcurrentLinkedQueue<>();

	/** What the stand-in token endpoint answers a token exchange with. */
	volatile String exchangeError;

	final String exchangedToken = "exchanged-" + UUID.randomUUID();

	@BeforeEach
	void standIns() {
		this.issuer.serve("/oauth2/token", this::tokenEndpoint);
		this.issuer.serve("/api/identity", this::downstreamApi);
	}

	@Test
	void getDownstreamIdentityThenTheCallersTokenIsExchangedWithTheApisOwnAsActorAndTheDownstreamAnswerReturned() {
		String callerToken = TestTokens.signed(this.issuer.signingKey(),
				TestTokens.userClaims(this.issuer.issuer(), "openid", "message.read"));

		HttpResponse<String> response = ApiClient.to(this.port).get("/api/downstream-identity", callerToken);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(ApiClient.json(response)).isEqualTo(Map.of("sub", TestTokens.USER, "act",
				Map.of("sub", TestTokens.API_CLIENT_ID), "aud", List.of("http://localhost:8082")));
		Map<String, String> exchange = this.tokenRequests.stream()
			.filter((request) -> TOKEN_EXCHANGE.equals(request.get("grant_type")))
			.findFirst()
			.orElseThrow();
		assertThat(exchange).containsEntry("subject_token", callerToken)
			.containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
			.containsEntry("actor_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("scope", "message.read")
			.containsEntry("client", TestTokens.API_CLIENT_ID + ":" + TestTokens.API_CLIENT_SECRET);
		// A client credentials token of the stand-in's, which this API may have obtained
		// for an earlier test: it keeps it until it is about to expire.
		assertThat(exchange.get("actor_token")).startsWith("actor-");
	}

	@Test
	void getDownstreamIdentityWhenTheExchangeIsRefusedThenBadGateway() {
		this.exchangeError = "invalid_target";
		String callerToken = TestTokens.signed(this.issuer.signingKey(),
				TestTokens.userClaims(this.issuer.issuer(), "message.read"));

		HttpResponse<String> response = ApiClient.to(this.port).get("/api/downstream-identity", callerToken);

		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(ApiClient.json(response).get("detail")).asString().contains("invalid_target");
	}

	@Test
	void getDownstreamIdentityWithoutMessageReadThenForbiddenAndNoExchange() {
		String callerToken = TestTokens.signed(this.issuer.signingKey(),
				TestTokens.userClaims(this.issuer.issuer(), "openid"));

		HttpResponse<String> response = ApiClient.to(this.port).get("/api/downstream-identity", callerToken);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(ApiClient.wwwAuthenticate(response)).contains("insufficient_scope");
		assertThat(this.tokenRequests).isEmpty();
	}

	private void tokenEndpoint(HttpExchange exchange) throws IOException {
		Map<String, String> form = new HashMap<>();
		for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			form.put(decode(nameAndValue[0]), (nameAndValue.length > 1) ? decode(nameAndValue[1]) : "");
		}
		String basic = exchange.getRequestHeaders().getFirst("Authorization");
		form.put("client",
				new String(Base64.getDecoder().decode(basic.substring("Basic ".length())), StandardCharsets.UTF_8));
		this.tokenRequests.add(form);
		if (TOKEN_EXCHANGE.equals(form.get("grant_type"))) {
			if (this.exchangeError != null) {
				respond(exchange, 400, "{\"error\":\"" + this.exchangeError + "\"}");
				return;
			}
			respond(exchange, 200, "{\"access_token\":\"" + this.exchangedToken + "\",\"token_type\":\"Bearer\","
					+ "\"expires_in\":300,\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}");
			return;
		}
		respond(exchange, 200,
				"{\"access_token\":\"actor-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
	}

	/** Answers only the exchanged token, as the downstream API accepts only its own. */
	private void downstreamApi(HttpExchange exchange) throws IOException {
		if (!("Bearer " + this.exchangedToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			respond(exchange, 401, "");
			return;
		}
		respond(exchange, 200,
				"{\"sub\":\"alice\",\"act\":{\"sub\":\"demo-api\"},\"aud\":[\"http://localhost:8082\"]}");
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
