package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;

import dev.authserver.testsupport.TestJwksServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tokens an attacker (or a misconfigured client) would send: each is refused with 401 and
 * {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750 §3.1), and the
 * description shows which check caught it.
 */
@ResourceServerTest
class HostileTokenTests {

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer jwks;

	@Test
	void getMessagesWhenPayloadChangedAfterSigningThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(this.jwks.signingKey(), claims("message.read"));
		String tampered = TestTokens.withPayloadReplaced(token, claims("message.read", "message.write"));

		assertInvalidToken(get(tampered), "Invalid signature");
	}

	@Test
	void getMessagesWhenAlgorithmIsNoneThenUnauthorizedInvalidToken() {
		String token = TestTokens.unsecured(this.jwks.signingKey().getKeyID(), claims("message.read"));

		assertInvalidToken(get(token), "Unsupported algorithm of none");
	}

	@Test
	void getMessagesWhenHmacSignedWithThePublicKeyThenUnauthorizedInvalidToken() {
		String token = TestTokens.hmacSignedWithPublicKey(this.jwks.signingKey(), claims("message.read"));

		assertInvalidToken(get(token), "Another algorithm expected");
	}

	@Test
	void getMessagesWhenSignedByAnotherKeyReusingTheKidThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(TestTokens.newRsaKey(this.jwks.signingKey().getKeyID()),
				claims("message.read"));

		assertInvalidToken(get(token), "Invalid signature");
	}

	@Test
	void getMessagesWhenIssuerIsAnotherServerThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(this.jwks.signingKey(),
				TestTokens.userClaims("http://evil.example", "message.read"));

		assertInvalidToken(get(token), "The iss claim is not valid");
	}

	@Test
	void getMessagesWhenAudienceIsAnotherApiThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(this.jwks.signingKey(),
				claims("message.read").audience("http://localhost:9999"));

		assertInvalidToken(get(token), "The aud claim is not valid");
	}

	@Test
	void getMessagesWhenExpiredBeyondClockSkewThenUnauthorizedInvalidToken() {
		Instant now = Instant.now();
		String token = TestTokens.signed(this.jwks.signingKey(),
				claims("message.read").issueTime(Date.from(now.minusSeconds(900)))
					.notBeforeTime(Date.from(now.minusSeconds(900)))
					.expirationTime(Date.from(now.minusSeconds(600))));

		assertInvalidToken(get(token), "Jwt expired at");
	}

	@Test
	void getMessagesWhenTypeIsPlainJwtInsteadOfAtJwtThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(this.jwks.signingKey(), JOSEObjectType.JWT, claims("message.read"));

		assertInvalidToken(get(token), "typ value needs to be one of [at+jwt");
	}

	@Test
	void getMessagesWhenClientIdIsMissingThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(this.jwks.signingKey(), claims("message.read").claim("client_id", null));

		assertInvalidToken(get(token), "The client_id claim is not valid");
	}

	@Test
	void getMessagesWhenCertificateBoundOverPlainHttpThenUnauthorizedInvalidToken() {
		String token = TestTokens.signed(this.jwks.signingKey(),
				TestTokens.boundToCertificate(claims("message.read"), "3o8Yw6OQZ2ZhxBKIjQHuSsnZGsKYbNbM3E6aWq3kjjo"));

		// RFC 8705 §3: without a TLS client certificate there is nothing to match.
		assertInvalidToken(get(token), "Unable to obtain X509Certificate");
	}

	private JWTClaimsSet.Builder claims(String... scopes) {
		return TestTokens.userClaims(this.jwks.issuer(), scopes);
	}

	private HttpResponse<String> get(String token) {
		return ApiClient.to(this.port).get("/api/messages", token);
	}

	private static void assertInvalidToken(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ApiClient.wwwAuthenticate(response)).startsWith("Bearer error=\"invalid_token\"").contains(reason);
		assertThat(response.body()).isEmpty();
	}

}
