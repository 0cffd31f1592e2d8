package dev.authserver.samples.clientdemo.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * The demo's DPoP proofs (RFC 9449 §4.2) as the auth-server and the API check them:
 * header, claims, signature.
 */
class DPoPProofSignerTests {

	private static final String TOKEN_ENDPOINT = "http://localhost:9000/oauth2/token";

	private final ECKey key = newKey();

	private final DPoPProofSigner signer = new DPoPProofSigner(this.key);

	@Test
	void tokenRequestHeadersWhenGrantRequestThenProofOfThisKeyForPostToTheTokenEndpoint() throws Exception {
		HttpHeaders headers = this.signer.tokenRequestHeaders(new OAuth2ClientCredentialsGrantRequest(registration()));

		SignedJWT proof = verifiedProof(headers.getFirst("DPoP"));
		JWTClaimsSet claims = proof.getJWTClaimsSet();
		assertThat(claims.getStringClaim("htm")).isEqualTo("POST");
		assertThat(claims.getStringClaim("htu")).isEqualTo(TOKEN_ENDPOINT);
		assertThat(claims.getClaim("ath")).as("no access token yet").isNull();
	}

	@Test
	void presentWhenTokenIsDPoPBoundThenDPoPSchemeAndProofWithTheTokensHash() throws Exception {
		HttpHeaders headers = new HttpHeaders();

		this.signer.present(token(OAuth2AccessToken.TokenType.DPOP, "the-access-token"), HttpMethod.GET,
				URI.create("http://localhost:8081/api/messages?page=2#top"), headers);

		assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("DPoP the-access-token");
		JWTClaimsSet claims = verifiedProof(headers.getFirst("DPoP")).getJWTClaimsSet();
		assertThat(claims.getStringClaim("htm")).isEqualTo("GET");
		assertThat(claims.getStringClaim("htu")).as("without query and fragment")
			.isEqualTo("http://localhost:8081/api/messages");
		byte[] hash = MessageDigest.getInstance("SHA-256")
			.digest("the-access-token".getBytes(StandardCharsets.US_ASCII));
		assertThat(claims.getStringClaim("ath"))
			.isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
	}

	@Test
	void presentWhenTokenIsBearerThenBearerSchemeAndNoProof() {
		HttpHeaders headers = new HttpHeaders();

		this.signer.present(token(OAuth2AccessToken.TokenType.BEARER, "the-access-token"), HttpMethod.GET,
				URI.create("http://localhost:8081/api/messages"), headers);

		assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer the-access-token");
		assertThat(headers.containsHeader("DPoP")).isFalse();
	}

	@Test
	void presentWhenCalledTwiceThenEachProofHasItsOwnJti() throws Exception {
		OAuth2AccessToken token = token(OAuth2AccessToken.TokenType.DPOP, "the-access-token");
		URI uri = URI.create("http://localhost:8081/api/me");
		HttpHeaders first = new HttpHeaders();
		HttpHeaders second = new HttpHeaders();

		this.signer.present(token, HttpMethod.GET, uri, first);
		this.signer.present(token, HttpMethod.GET, uri, second);

		assertThat(verifiedProof(first.getFirst("DPoP")).getJWTClaimsSet().getJWTID())
			.isNotEqualTo(verifiedProof(second.getFirst("DPoP")).getJWTClaimsSet().getJWTID());
	}

	/**
	 * The proof's header is what RFC 9449 §4.2 asks (and names only the public key), its
	 * signature verifies with this test's public key, and it has a {@code jti} and a
	 * current {@code iat}.
	 */
	private SignedJWT verifiedProof(String serialized) throws Exception {
		assertThat(serialized).isNotBlank();
		SignedJWT proof = SignedJWT.parse(serialized);
		assertThat(proof.getHeader().getType()).isEqualTo(new JOSEObjectType("dpop+jwt"));
		assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(proof.getHeader().getJWK()).isEqualTo(this.key.toPublicJWK());
		assertThat(proof.getHeader().getJWK().isPrivate()).isFalse();
		assertThat(proof.verify(new ECDSAVerifier(this.key.toPublicJWK()))).isTrue();
		JWTClaimsSet claims = proof.getJWTClaimsSet();
		assertThat(claims.getJWTID()).hasSizeGreaterThanOrEqualTo(16);
		assertThat(claims.getIssueTime().toInstant()).isBetween(Instant.now().minusSeconds(5), Instant.now());
		return proof;
	}

	private static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("machine")
			.clientId("demo-m2m")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(TOKEN_ENDPOINT)
			.build();
	}

	private static OAuth2AccessToken token(OAuth2AccessToken.TokenType type, String value) {
		return new OAuth2AccessToken(type, value, Instant.now(), Instant.now().plusSeconds(300));
	}

	private static ECKey newKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
