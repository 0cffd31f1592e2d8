package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.authserver.testsupport.TestJwksServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /api/me} tells a user's token from a machine's (client credentials: {@code sub}
 * equals {@code client_id}).
 */
@ResourceServerTest
class MeApiTests {

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer jwks;

	@Test
	void getMeWhenTokenIsAUsersThenKindUser() {
		String token = TestTokens.signed(this.jwks.signingKey(),
				TestTokens.userClaims(this.jwks.issuer(), "openid", "message.read"));

		HttpResponse<String> response = ApiClient.to(this.port).get("/api/me", token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response)).isEqualTo(Map.of("sub", TestTokens.USER, "client_id",
				TestTokens.WEB_CLIENT_ID, "scopes", List.of("message.read", "openid"), "kind", "user"));
	}

	@Test
	void getMeWhenTokenIsFromClientCredentialsThenKindMachineWithScopes() {
		String token = TestTokens.signed(this.jwks.signingKey(),
				TestTokens.machineClaims(this.jwks.issuer(), "message.read", "message.write"));

		HttpResponse<String> response = ApiClient.to(this.port).get("/api/me", token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response)).isEqualTo(Map.of("sub", TestTokens.MACHINE_CLIENT_ID, "client_id",
				TestTokens.MACHINE_CLIENT_ID, "scopes", List.of("message.read", "message.write"), "kind", "machine"));
	}

}
