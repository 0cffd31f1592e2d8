package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Services without a user: a client-credentials token from the running auth-server, used
 * at the running resource-server, and the hostile variants of a real token that the
 * resource server must refuse.
 */
@ExtendWith(RunningSystem.class)
class MachineToMachineIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void apiCallWhenMachineTokenHasScopeThenOk() throws Exception {
		String token = RunningSystem.machineToken("message.read message.write");

		HttpResponse<String> messages = callApi("/api/messages", token);
		HttpResponse<String> me = callApi("/api/me", token);

		assertThat(messages.statusCode()).isEqualTo(200);
		assertThat(messages.body()).startsWith("[").contains("\"text\"");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(JSONObjectUtils.parse(me.body())).containsEntry("sub", RunningSystem.MACHINE_CLIENT_ID)
			.containsEntry("client_id", RunningSystem.MACHINE_CLIENT_ID)
			.containsEntry("kind", "machine");
	}

	@Test
	void apiCallWhenTokenLacksTheScopeThenForbiddenWithInsufficientScope() throws Exception {
		String token = RunningSystem.machineToken("message.write");

		HttpResponse<String> response = callApi("/api/messages", token);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"insufficient_scope\""));
	}

	/**
	 * The client demo gets a DPoP-bound token (its page says so) and the API answers it,
	 * which it does for such a token only with a valid proof of the key it is bound to: a
	 * bearer presentation is refused (SenderConstrainedTokensIT).
	 */
	@Test
	void clientDemoMachinePageWhenOpenedThenShowsTheApiAnswerToItsDPoPBoundToken() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(RunningSystem.clientDemoUrl() + "/machine")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).as("the API's /api/me answer")
			.containsPattern("<th>client_id</th>\\s*<td>" + RunningSystem.MACHINE_CLIENT_ID + "</td>")
			.containsPattern("<th>kind</th>\\s*<td>machine</td>");
		assertThat(response.body()).contains("<code id=\"machine-token-type\">DPoP</code>");
	}

	@Test
	void apiCallWhenRealTokenIsTamperedThenInvalidToken() throws Exception {
		String[] parts = RunningSystem.machineToken("message.read").split("\\.");
		Map<String, Object> claims = JSONObjectUtils.parse(decode(parts[1]));
		claims.put("scope", "message.read message.write admin");
		String tampered = parts[0] + "." + encode(JSONObjectUtils.toJSONString(claims)) + "." + parts[2];

		assertInvalidToken(callApi("/api/messages", tampered));
	}

	@Test
	void apiCallWhenRealClaimsAreUnsignedWithAlgNoneThenInvalidToken() throws Exception {
		SignedJWT real = SignedJWT.parse(RunningSystem.machineToken("message.read"));
		String unsigned = new PlainJWT(real.getJWTClaimsSet()).serialize();

		assertInvalidToken(callApi("/api/messages", unsigned));
	}

	@Test
	void apiCallWhenSignedWithHmacOverThePublicKeyThenInvalidToken() throws Exception {
		SignedJWT real = SignedJWT.parse(RunningSystem.machineToken("message.read"));
		RSAKey publicKey = publishedKey(real.getHeader().getKeyID());
		SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID())
			.type(new JOSEObjectType("at+jwt"))
			.build(), real.getJWTClaimsSet());
		confused.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));

		assertInvalidToken(callApi("/api/messages", confused.serialize()));
	}

	@Test
	void apiCallWhenSignedByAnotherKeyReusingTheRealKidThenInvalidToken() throws Exception {
		SignedJWT real = SignedJWT.parse(RunningSystem.machineToken("message.read"));
		RSAKey attackerKey = new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attackerKey.getKeyID())
			.type(new JOSEObjectType("at+jwt"))
			.build(), real.getJWTClaimsSet());
		forged.sign(new RSASSASigner(attackerKey));

		assertInvalidToken(callApi("/api/messages", forged.serialize()));
	}

	private static void assertInvalidToken(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
	}

	private HttpResponse<String> callApi(String path, String token) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(RunningSystem.resourceServerUrl() + path))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private RSAKey publishedKey(String kid) throws Exception {
		HttpResponse<String> jwks = this.http.send(
				HttpRequest.newBuilder(URI.create(RunningSystem.authServerUrl() + "/oauth2/jwks")).build(),
				HttpResponse.BodyHandlers.ofString());
		return (RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(kid);
	}

	private static String decode(String base64Url) {
		return new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
