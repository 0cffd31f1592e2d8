package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authserver.testsupport.TestJwksServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Reading and posting messages over real HTTP with valid tokens, and the 400 answers to
 * bodies the API cannot accept.
 */
@ResourceServerTest
class MessagesApiTests {

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer jwks;

	@Test
	void getMessagesWhenScopeMessageReadThenOkWithSeededMessages() {
		HttpResponse<String> response = api().get("/api/messages", token("message.read"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		List<Map<String, Object>> messages = ApiClient.jsonArray(response);
		assertThat(messages).extracting((message) -> message.get("text"))
			.contains("Welcome! This message comes from the resource server's own database.",
					"Post one of your own with a token that has the message.write scope.");
		assertThat(messages)
			.allSatisfy((message) -> assertThat(message).containsOnlyKeys("id", "text", "author", "createdAt"));
	}

	@Test
	void postMessageWhenScopeMessageWriteThenCreatedAndListedNewestFirstWithSubjectAsAuthor() {
		String text = "Hello from " + UUID.randomUUID();
		HttpResponse<String> created = api().postJson("/api/messages", token("message.write"),
				"{\"text\": \"" + text + "\"}");

		assertThat(created.statusCode()).isEqualTo(201);
		Map<String, Object> message = ApiClient.json(created);
		assertThat(message).containsEntry("text", text).containsEntry("author", TestTokens.USER);
		assertThat(message.get("createdAt")).isInstanceOf(String.class);
		URI location = created.uri().resolve(created.headers().firstValue("Location").orElseThrow());
		assertThat(location.getPath()).isEqualTo("/api/messages/" + message.get("id"));

		HttpResponse<String> fetched = api().get(location.toString(), token("message.read"));
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(fetched)).isEqualTo(message);

		HttpResponse<String> listed = api().get("/api/messages", token("message.read"));
		assertThat(ApiClient.jsonArray(listed)).first().isEqualTo(message);
	}

	@Test
	void postMessageWhenTextIsBlankThenBadRequestWithJsonBody() {
		HttpResponse<String> response = api().postJson("/api/messages", token("message.write"), "{\"text\": \"   \"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(ApiClient.json(response)).containsEntry("status", 400L)
			.containsEntry("detail", "Invalid request content: must not be blank");
	}

	@Test
	void postMessageWhenTextIsLongerThan500CharactersThenBadRequest() {
		HttpResponse<String> response = api().postJson("/api/messages", token("message.write"),
				"{\"text\": \"" + "x".repeat(501) + "\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(ApiClient.json(response)).containsEntry("detail",
				"Invalid request content: size must be between 0 and 500");
	}

	@Test
	void postMessageWhenJsonIsMalformedThenBadRequestWithJsonBody() {
		HttpResponse<String> response = api().postJson("/api/messages", token("message.write"), "{\"text\": ");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// Spring keeps the parser's message, which would describe the API's internals,
		// out of the answer.
		assertThat(ApiClient.json(response)).containsEntry("status", 400L)
			.containsEntry("detail", "Failed to read request");
	}

	@Test
	void getMessageWhenIdIsUnknownThenNotFound() {
		HttpResponse<String> response = api().get("/api/messages/999999", token("message.read"));

		assertThat(response.statusCode()).isEqualTo(404);
	}

	private ApiClient api() {
		return ApiClient.to(this.port);
	}

	private String token(String... scopes) {
		return TestTokens.signed(this.jwks.signingKey(), TestTokens.userClaims(this.jwks.issuer(), scopes));
	}

}
