package dev.authserver.samples.resourceserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import dev.authserver.testsupport.TestJwksServer;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.testsupport.TestCertificates;
import dev.authserver.testsupport.TestCertificates.Identity;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Certificate-bound access tokens (RFC 8705 §3) over real HTTPS with client certificates
 * made in the test: a token whose {@code cnf.x5t#S256} names a certificate works only on
 * a connection where the caller presented that certificate; other tokens work with or
 * without one, and DPoP-bound tokens (RFC 9449) still work on the same listener.
 */
@MutualTlsResourceServerTest
class CertificateBoundTokenTests {

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer jwks;

	@Autowired
	TestCertificates certificates;

	@Test
	void getMeWhenBoundTokenAndItsCertificateThenOk() {
		Identity client = this.certificates.client("demo-m2m");

		HttpResponse<String> response = api(client).get("/api/me", boundTo(client));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response)).containsEntry("client_id", TestTokens.MACHINE_CLIENT_ID)
			.containsEntry("kind", "machine");
	}

	@Test
	void getMeWhenBoundTokenWithoutAnyCertificateThenUnauthorizedInvalidToken() {
		Identity client = this.certificates.client("demo-m2m");

		HttpResponse<String> response = api(null).get("/api/me", boundTo(client));

		assertInvalidToken(response, "Unable to obtain X509Certificate");
	}

	@Test
	void getMeWhenBoundTokenWithAnotherCertificateOfTheSameCaThenUnauthorizedInvalidToken() {
		Identity client = this.certificates.client("demo-m2m");
		Identity thief = this.certificates.client("demo-m2m");

		HttpResponse<String> response = api(thief).get("/api/me", boundTo(client));

		assertInvalidToken(response, "Invalid SHA-256 Thumbprint");
	}

	@Test
	void getMeWhenBoundToASelfSignedCertificateAndItIsPresentedThenOk() {
		Identity client = TestCertificates.selfSigned("self-signed-client");

		HttpResponse<String> response = api(client).get("/api/me", boundTo(client));

		// No trust store stands in the way: the handshake proved the private key, the
		// token's thumbprint names the certificate.
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void getMessagesWhenUnboundTokenAndACertificateThenOk() {
		String token = TestTokens.signed(this.jwks.signingKey(),
				TestTokens.machineClaims(this.jwks.issuer(), "message.read"));

		assertThat(api(this.certificates.client("demo-m2m")).get("/api/messages", token).statusCode()).isEqualTo(200);
		assertThat(api(null).get("/api/messages", token).statusCode()).isEqualTo(200);
	}

	@Test
	void getMeWhenDPoPBoundTokenWithAProofOverTheSameListenerThenOk() {
		ECKey key = TestTokens.newDPoPKey();
		String token = TestTokens.signed(this.jwks.signingKey(),
				TestTokens.boundToDPoPKey(TestTokens.machineClaims(this.jwks.issuer(), "message.read"), key));
		ApiClient api = api(this.certificates.client("demo-m2m"));

		HttpResponse<String> response = api.getWithDPoP("/api/me", token,
				TestTokens.dpopProof(key, "GET", api.url("/api/me"), token));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response)).containsEntry("client_id", TestTokens.MACHINE_CLIENT_ID);
	}

	@Test
	void getMeWhenDPoPBoundTokenWithAProofOfAnotherKeyThenUnauthorized() {
		String token = TestTokens.signed(this.jwks.signingKey(), TestTokens
			.boundToDPoPKey(TestTokens.machineClaims(this.jwks.issuer(), "message.read"), TestTokens.newDPoPKey()));
		ApiClient api = api(null);

		HttpResponse<String> response = api.getWithDPoP("/api/me", token,
				TestTokens.dpopProof(TestTokens.newDPoPKey(), "GET", api.url("/api/me"), token));

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void getProtectedResourceMetadataWhenClientCertificatesAreRequestedThenClaimsCertificateBoundTokens() {
		HttpResponse<String> response = api(null).get("/.well-known/oauth-protected-resource");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ApiClient.json(response)).containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsEntry("resource", "https://localhost:" + this.port);
	}

	private ApiClient api(Identity clientCertificate) {
		return ApiClient.overHttps(this.port, this.certificates.clientTls(clientCertificate));
	}

	private String boundTo(Identity certificate) {
		JWTClaimsSet.Builder claims = TestTokens.machineClaims(this.jwks.issuer(), "message.read");
		return TestTokens.signed(this.jwks.signingKey(),
				TestTokens.boundToCertificate(claims, certificate.thumbprint()));
	}

	private static void assertInvalidToken(HttpResponse<String> response, String reason) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(ApiClient.wwwAuthenticate(response)).startsWith("Bearer error=\"invalid_token\"").contains(reason);
	}

}
