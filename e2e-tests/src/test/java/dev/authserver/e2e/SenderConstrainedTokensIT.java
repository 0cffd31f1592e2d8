package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DPoP (RFC 9449) between the real apps: a token requested with a proof is bound to the
 * proof's key, and the API accepts it only with a fresh proof of that key for that very
 * request.
 */
@ExtendWith(RunningSystem.class)
class SenderConstrainedTokensIT {

	private final HttpClient http = HttpClient.newHttpClient();

	private final ECKey clientKey = newKey();

	@Test
	void tokenRequestWhenAProofIsSentThenTheTokenIsBoundToItsKey() throws Exception {
		Map<String, Object> response = boundToken();

		assertThat(response.get("token_type")).isEqualTo("DPoP");
		JWTClaimsSet claims = SignedJWT.parse((String) response.get("access_token")).getJWTClaimsSet();
		assertThat(claims.getJSONObjectClaim("cnf")).containsEntry("jkt",
				this.clientKey.computeThumbprint().toString());
	}

	@Test
	void apiCallWhenTheBoundTokenComesWithAProofForThisRequestThenOk() throws Exception {
		String token = (String) boundToken().get("access_token");
		String url = RunningSystem.resourceServerUrl() + "/api/me";

		HttpResponse<String> response = callApi(url, "DPoP " + token, proof(this.clientKey, "GET", url, token));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void apiCallWhenTheBoundTokenComesWithoutAValidProofThenUnauthorized() throws Exception {
		String token = (String) boundToken().get("access_token");
		String url = RunningSystem.resourceServerUrl() + "/api/me";

		assertThat(callApi(url, "Bearer " + token, null).statusCode()).as("as a bearer token").isEqualTo(401);
		assertThat(callApi(url, "DPoP " + token, null).statusCode()).as("no proof").isEqualTo(401);
		assertThat(callApi(url, "DPoP " + token, proof(this.clientKey, "GET", url + "/other", token)).statusCode())
			.as("a proof for another URL")
			.isEqualTo(401);
		assertThat(callApi(url, "DPoP " + token, proof(this.clientKey, "POST", url, token)).statusCode())
			.as("a proof for another method")
			.isEqualTo(401);
		assertThat(callApi(url, "DPoP " + token, proof(this.clientKey, "GET", url, null)).statusCode())
			.as("a proof without the token's hash")
			.isEqualTo(401);
		assertThat(callApi(url, "DPoP " + token, proof(newKey(), "GET", url, token)).statusCode())
			.as("a proof by another key")
			.isEqualTo(401);
		assertThat(
				callApi(url, "DPoP " + token, proof(this.clientKey, "GET", url, token, Instant.now().minusSeconds(600)))
					.statusCode())
			.as("a proof made ten minutes ago")
			.isEqualTo(401);
	}

	@Test
	void apiCallWhenAProofIsReplayedThenUnauthorized() throws Exception {
		String token = (String) boundToken().get("access_token");
		String url = RunningSystem.resourceServerUrl() + "/api/me";
		String proof = proof(this.clientKey, "GET", url, token);

		assertThat(callApi(url, "DPoP " + token, proof).statusCode()).isEqualTo(200);
		assertThat(callApi(url, "DPoP " + token, proof).statusCode()).as("the same proof again").isEqualTo(401);
	}

	private Map<String, Object> boundToken() throws Exception {
		String tokenEndpoint = RunningSystem.authServerUrl() + "/oauth2/token";
		String credentials = RunningSystem.MACHINE_CLIENT_ID + ":" + RunningSystem.MACHINE_CLIENT_SECRET;
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
			.header("DPoP", proof(this.clientKey, "POST", tokenEndpoint, null))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=message.read"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSONObjectUtils.parse(response.body());
	}

	private HttpResponse<String> callApi(String url, String authorization, String proof) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization);
		if (proof != null) {
			request.header("DPoP", proof);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A DPoP proof (RFC 9449 §4.2) for one request; with the access token's hash when it
	 * goes to an API.
	 */
	private static String proof(ECKey key, String method, String url, String accessToken) throws Exception {
		return proof(key, method, url, accessToken, Instant.now());
	}

	private static String proof(ECKey key, String method, String url, String accessToken, Instant issuedAt)
			throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", url)
			.issueTime(Date.from(issuedAt));
		if (accessToken != null) {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			claims.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
		}
		SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
			.jwk(key.toPublicJWK())
			.build(), claims.build());
		proof.sign(new ECDSASigner(key));
		return proof.serialize();
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
