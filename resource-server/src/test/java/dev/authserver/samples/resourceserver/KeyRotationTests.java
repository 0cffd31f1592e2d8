package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import dev.authserver.testsupport.TestJwksServer;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A key the auth-server starts publishing after the API cached its JWKS is trusted at
 * once, without a restart.
 */
@ResourceServerTest
class KeyRotationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer jwks;

	@Test
	void getMessagesWhenSignedWithANewlyPublishedKeyThenOkWithoutRestart() {
		ApiClient api = ApiClient.to(this.port);
		assertThat(api.get("/api/messages", token(this.jwks.signingKey())).statusCode()).isEqualTo(200);
		RSAKey rotated = TestTokens.newRsaKey();

		HttpResponse<String> beforePublished = api.get("/api/messages", token(rotated));
		assertThat(beforePublished.statusCode()).isEqualTo(401);
		assertThat(ApiClient.wwwAuthenticate(beforePublished)).contains("error=\"invalid_token\"");

		int fetchesBefore = this.jwks.fetchCount();
		this.jwks.publish(rotated);
		assertThat(api.get("/api/messages", token(rotated)).statusCode()).isEqualTo(200);
		// The cached set lacked the new kid, so the decoder read the JWKS again.
		assertThat(this.jwks.fetchCount()).isGreaterThan(fetchesBefore);
		assertThat(api.get("/api/messages", token(this.jwks.signingKey())).statusCode()).isEqualTo(200);
	}

	private String token(RSAKey key) {
		return TestTokens.signed(key, TestTokens.userClaims(this.jwks.issuer(), "message.read"));
	}

}
