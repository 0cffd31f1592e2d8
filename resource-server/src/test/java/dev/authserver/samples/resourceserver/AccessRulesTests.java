package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import dev.authserver.testsupport.TestJwksServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Which scope each endpoint needs, and the RFC 6750 §3 answers when a request has no
 * token or too little scope.
 */
@ResourceServerTest
class AccessRulesTests {

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer jwks;

	@Test
	void getMessagesWhenNoTokenThenUnauthorizedWithBareBearerChallenge() {
		HttpResponse<String> response = api().get("/api/messages");

		assertThat(response.statusCode()).isEqualTo(401);
		// RFC 6750 §3.1: a request without credentials gets no error code.
		assertThat(ApiClient.wwwAuthenticate(response)).startsWith("Bearer").doesNotContain("error=");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void getMeWhenNoTokenThenUnauthorizedWithBearerChallenge() {
		HttpResponse<String> response = api().get("/api/me");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ApiClient.wwwAuthenticate(response)).startsWith("Bearer").doesNotContain("error=");
	}

	@Test
	void getMessagesWhenScopeMessageReadMissingThenForbiddenWithInsufficientScope() {
		HttpResponse<String> response = api().get("/api/messages", token("message.write"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(ApiClient.wwwAuthenticate(response)).startsWith("Bearer").contains("error=\"insufficient_scope\"");
	}

	@Test
	void postMessageWhenScopeMessageWriteMissingThenForbiddenWithInsufficientScope() {
		HttpResponse<String> response = api().postJson("/api/messages", token("message.read"),
				"{\"text\": \"Not allowed\"}");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(ApiClient.wwwAuthenticate(response)).startsWith("Bearer").contains("error=\"insufficient_scope\"");
		assertThat(ApiClient.jsonArray(api().get("/api/messages", token("message.read"))))
			.noneMatch((message) -> "Not allowed".equals(message.get("text")));
	}

	@Test
	void getUnknownPathWhenTokenIsValidThenForbidden() {
		HttpResponse<String> response = api().get("/api/admin", token("message.read", "message.write"));

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void getProtectedResourceMetadataThenNamesTheIssuerAndHeaderBearerTokensOnly() {
		HttpResponse<String> response = api().get("/.well-known/oauth-protected-resource");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response)).containsEntry("authorization_servers", List.of(this.jwks.issuer()))
			.containsEntry("bearer_methods_supported", List.of("header"))
			.containsEntry("tls_client_certificate_bound_access_tokens", false);
	}

	private ApiClient api() {
		return ApiClient.to(this.port);
	}

	private String token(String... scopes) {
		return TestTokens.signed(this.jwks.signingKey(), TestTokens.userClaims(this.jwks.issuer(), scopes));
	}

}
