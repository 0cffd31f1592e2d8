package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.mtls.MtlsListener;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Certificate-bound access tokens (RFC 8705 §3) over real HTTPS on the mTLS listener:
 * {@code cnf.x5t#S256} is the presented certificate's thumbprint, for clients whose
 * tokens are bound, in JWT and reference tokens, in introspection, alongside a DPoP
 * {@code jkt}, and checked by the UserInfo endpoint.
 */
@MtlsServerTest
@SuppressWarnings("unchecked")
class CertificateBoundTokenTests {

	private static final String SECRET = "Y2VydGlmaWNhdGUtYm91bmQtdG9rZW5zLXRlc3Qtc2VjcmV0";

	private static final String REDIRECT_URI = "https://bound.example/callback";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	MtlsListener listener;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	@Test
	void tokenRequestWithCertificateWhenClientBindsTokensThenTokenCarriesTheCertificateThumbprint() throws Exception {
		RegisteredClient client = saveSecretClient(true, OAuth2TokenFormat.SELF_CONTAINED);
		TestPki.Credential certificate = TestPki.selfSigned("CN=bound client").issue();

		HttpResponse<String> response = clientCredentials(client, mtls(certificate));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = HttpExchange.json(response);
		assertThat(body).containsEntry("token_type", "Bearer");
		Map<String, Object> claims = jwtClaims(body);
		assertThat((Map<String, Object>) claims.get("cnf"))
			.containsExactly(Map.entry("x5t#S256", TestPki.thumbprint(certificate.certificate())));
	}

	@Test
	void tokenRequestWithoutCertificateWhenClientBindsTokensThenInvalidRequest() {
		RegisteredClient client = saveSecretClient(true, OAuth2TokenFormat.SELF_CONTAINED);

		HttpResponse<String> overListener = clientCredentials(client, mtls(null));
		HttpResponse<String> overMainPort = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read"),
					client.getClientId(), SECRET);

		for (HttpResponse<String> response : new HttpResponse[] { overListener, overMainPort }) {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_request");
		}
	}

	@Test
	void tokenRequestWithCertificateWhenClientDoesNotBindTokensThenTokenIsNotBound() throws Exception {
		RegisteredClient client = saveSecretClient(false, OAuth2TokenFormat.SELF_CONTAINED);
		TestPki.Credential certificate = TestPki.selfSigned("CN=unbound client").issue();

		HttpResponse<String> response = clientCredentials(client, mtls(certificate));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(jwtClaims(HttpExchange.json(response))).doesNotContainKey("cnf");
	}

	@Test
	void introspectionWhenTokenIsBoundThenAnswersItsConfirmation() {
		TestPki.Credential certificate = TestPki.authority("CN=Some CA").certificate("CN=introspected").issue();
		String thumbprint = TestPki.thumbprint(certificate.certificate());
		for (OAuth2TokenFormat format : new OAuth2TokenFormat[] { OAuth2TokenFormat.SELF_CONTAINED,
				OAuth2TokenFormat.REFERENCE }) {
			RegisteredClient client = saveSecretClient(true, format);
			HttpResponse<String> token = clientCredentials(client, mtls(certificate));
			assertThat(token.statusCode()).as(format.getValue() + " " + token.body()).isEqualTo(200);

			HttpResponse<String> introspection = mtls(null).postFormAsClient("/oauth2/introspect",
					Map.of("token", HttpExchange.json(token).get("access_token")), client.getClientId(), SECRET);

			assertThat(introspection.statusCode()).isEqualTo(200);
			Map<String, Object> answer = HttpExchange.json(introspection);
			assertThat(answer).as(format.getValue()).containsEntry("active", true);
			assertThat((Map<String, Object>) answer.get("cnf")).as(format.getValue())
				.containsEntry("x5t#S256", thumbprint);
		}
	}

	/**
	 * RFC 9449 and RFC 8705 both define a member of {@code cnf}; a client may prove both
	 * keys, and the token then names both.
	 */
	@Test
	void tokenRequestWithDpopProofAndCertificateThenTokenIsBoundToBoth() throws Exception {
		RegisteredClient client = saveSecretClient(true, OAuth2TokenFormat.SELF_CONTAINED);
		TestPki.Credential certificate = TestPki.selfSigned("CN=dpop and mtls").issue();
		ECKey dpopKey = new ECKeyGenerator(Curve.P_256).generate();
		String tokenEndpoint = mtlsUrl() + "/oauth2/token";

		HttpResponse<String> response = mtls(certificate).postForm(tokenEndpoint,
				Map.of("grant_type", "client_credentials", "scope", "message.read"), "Authorization",
				RawHttp.basicAuthorization(client.getClientId(), SECRET).substring("Authorization: ".length()), "DPoP",
				dpopProof(dpopKey, tokenEndpoint));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = HttpExchange.json(response);
		assertThat(body).containsEntry("token_type", "DPoP");
		assertThat((Map<String, Object>) jwtClaims(body).get("cnf")).containsOnly(
				Map.entry("x5t#S256", TestPki.thumbprint(certificate.certificate())),
				Map.entry("jkt", dpopKey.computeThumbprint().toString()));
	}

	/**
	 * A public client proves no key at the token endpoint but its certificate (RFC 8705
	 * §4); the server issues public clients no refresh token at all, so the access token
	 * is the only one to bind. The UserInfo endpoint takes it only with that certificate.
	 */
	@Test
	void publicClientWhenItPresentsACertificateThenItsAccessTokenIsBoundAndUserInfoWantsTheCertificate()
			throws Exception {
		RegisteredClient client = savePublicClient();
		TestPki.Credential certificate = TestPki.selfSigned("CN=public client").issue();
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, client.getClientId(), REDIRECT_URI, "openid message.read")
			.signInAndConsent("state", pkce, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);
		Map<String, Object> form = CodeGrant.redemption(callback, pkce, REDIRECT_URI);
		form.put("client_id", client.getClientId());

		HttpResponse<String> response = mtls(certificate).postForm("/oauth2/token", form);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> body = HttpExchange.json(response);
		assertThat(body).doesNotContainKey("refresh_token");
		assertThat((Map<String, Object>) jwtClaims(body).get("cnf")).containsEntry("x5t#S256",
				TestPki.thumbprint(certificate.certificate()));
		String bearer = "Bearer " + body.get("access_token");
		HttpResponse<String> withCertificate = mtls(certificate).get("/userinfo", "Authorization", bearer);
		HttpResponse<String> withAnother = mtls(TestPki.selfSigned("CN=thief").issue()).get("/userinfo",
				"Authorization", bearer);
		HttpResponse<String> withNone = HttpExchange.to(this.issuer).get("/userinfo", "Authorization", bearer);
		assertThat(withCertificate.statusCode()).as(withCertificate.body()).isEqualTo(200);
		assertThat(HttpExchange.json(withCertificate)).containsKey("sub");
		for (HttpResponse<String> refused : new HttpResponse[] { withAnother, withNone }) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
		}
	}

	/**
	 * A confidential client's refresh token is bound to the client's credentials (RFC
	 * 8705 §3), which it authenticates with at each refresh; the new access token is
	 * bound to the certificate of the refresh request, and a client whose tokens are
	 * bound gets none without one.
	 */
	@Test
	void refreshWhenClientBindsTokensThenEachAccessTokenIsBoundToTheCertificateOfItsRequest() throws Exception {
		RegisteredClient client = saveCodeClient();
		TestPki.Credential first = TestPki.selfSigned("CN=first").issue();
		TestPki.Credential second = TestPki.selfSigned("CN=second").issue();
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, client.getClientId(), REDIRECT_URI, "openid message.read")
			.signInAndConsent("state", pkce, TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);
		Map<String, Object> form = CodeGrant.redemption(callback, pkce, REDIRECT_URI);
		HttpResponse<String> tokens = mtls(first).postFormAsClient("/oauth2/token", form, client.getClientId(), SECRET);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> issued = HttpExchange.json(tokens);
		assertThat((Map<String, Object>) jwtClaims(issued).get("cnf")).containsEntry("x5t#S256",
				TestPki.thumbprint(first.certificate()));

		HttpResponse<String> withoutCertificate = mtls(null).postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", issued.get("refresh_token")),
				client.getClientId(), SECRET);
		HttpResponse<String> withSecond = mtls(second).postFormAsClient("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", issued.get("refresh_token")),
				client.getClientId(), SECRET);

		assertThat(withoutCertificate.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(withoutCertificate)).containsEntry("error", "invalid_request");
		assertThat(withSecond.statusCode()).as(withSecond.body()).isEqualTo(200);
		assertThat((Map<String, Object>) jwtClaims(HttpExchange.json(withSecond)).get("cnf")).containsEntry("x5t#S256",
				TestPki.thumbprint(second.certificate()));
	}

	private HttpResponse<String> clientCredentials(RegisteredClient client, HttpExchange http) {
		return http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), client.getClientId(), SECRET);
	}

	/** A client of the mTLS listener that presents this certificate, or none. */
	private HttpExchange mtls(TestPki.Credential certificate) {
		SSLContext ssl = (certificate != null)
				? certificate.sslContext(MtlsServerInitializer.SERVER_AUTHORITY.certificate())
				: TestPki.trusting(MtlsServerInitializer.SERVER_AUTHORITY.certificate());
		return HttpExchange.to(mtlsUrl(), ssl);
	}

	private String mtlsUrl() {
		return "https://localhost:" + this.listener.port();
	}

	private static Map<String, Object> jwtClaims(Map<String, Object> tokenResponse) throws Exception {
		return SignedJWT.parse((String) tokenResponse.get("access_token")).getJWTClaimsSet().toJSONObject();
	}

	private static String dpopProof(ECKey key, String url) throws Exception {
		SignedJWT proof = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
					.jwk(key.toPublicJWK())
					.build(),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
					.claim("htm", "POST")
					.claim("htu", url)
					.issueTime(Date.from(Instant.now()))
					.build());
		proof.sign(new ECDSASigner(key));
		return proof.serialize();
	}

	private RegisteredClient saveSecretClient(boolean bindsTokens, OAuth2TokenFormat format) {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("bound-" + UUID.randomUUID())
			.clientSecret(
					this.clientSecretEncoder.encodeFor(Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC), SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.tokenSettings(TokenSettings.builder()
				.x509CertificateBoundAccessTokens(bindsTokens)
				.accessTokenFormat(format)
				.build())
			.build();
		this.clients.save(client);
		return client;
	}

	private RegisteredClient saveCodeClient() {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("bound-code-" + UUID.randomUUID())
			.clientSecret(
					this.clientSecretEncoder.encodeFor(Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC), SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(REDIRECT_URI)
			.scope("openid")
			.scope("message.read")
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).requireProofKey(true).build())
			.tokenSettings(TokenSettings.builder().x509CertificateBoundAccessTokens(true).build())
			.build();
		this.clients.save(client);
		return client;
	}

	private RegisteredClient savePublicClient() {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("bound-public-" + UUID.randomUUID())
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(REDIRECT_URI)
			.scope("openid")
			.scope("message.read")
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).requireProofKey(true).build())
			.tokenSettings(TokenSettings.builder().x509CertificateBoundAccessTokens(true).build())
			.build();
		this.clients.save(client);
		return client;
	}

}
