package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.mtls.MtlsListener;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Clients that authenticate with certificates (RFC 8705 §2) over the real mTLS listener:
 * registered through the registration endpoint as a third party does, with certificates
 * {@link TestPki} makes; {@code tls_client_auth} certificates are trusted when
 * {@link MtlsServerInitializer#CLIENT_AUTHORITY} issued them.
 */
@MtlsServerTest
class MtlsClientAuthenticationTests {

	private static final TestPki.Authority TRUSTED = MtlsServerInitializer.CLIENT_AUTHORITY;

	private static final Map<String, String> CLIENT_CREDENTIALS = Map.of("grant_type", "client_credentials", "scope",
			"message.read");

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	MtlsListener listener;

	@LocalServerPort
	int port;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	@Autowired
	JdbcClient jdbc;

	@Test
	void tokenWhenTheCertificateCarriesTheRegisteredSubjectDnThenIssuedAndRegistrationShowsTheMetadata() {
		String name = "billing-" + UUID.randomUUID();
		Map<String, Object> registered = register("""
				{"grant_types": ["client_credentials"], "scope": "message.read",
				 "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "CN=%s,O=Example",
				 "tls_client_certificate_bound_access_tokens": true}""".formatted(name));
		String clientId = (String) registered.get("client_id");
		assertThat(registered).containsEntry("token_endpoint_auth_method", "tls_client_auth")
			.containsEntry("tls_client_auth_subject_dn", "CN=" + name + ",O=Example")
			.containsEntry("tls_client_certificate_bound_access_tokens", true)
			.doesNotContainKeys("client_secret", "client_secret_expires_at", "tls_client_auth_san_dns");

		HttpResponse<String> token = token(TRUSTED.certificate("CN=" + name + ",O=Example").issue(), clientId);

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		assertThat(HttpExchange.json(token)).containsKey("access_token");
	}

	@Test
	void tokenWhenTheClientSendsItsCertificateWithoutItsAuthorityThenIssuedAsTlsClientAuth() {
		String name = "leaf-only-" + UUID.randomUUID();
		String clientId = registerTlsClient("tls_client_auth_subject_dn", "CN=" + name);
		TestPki.Credential issued = TRUSTED.certificate("CN=" + name).issue();
		// One certificate, which the framework would take for
		// self_signed_tls_client_auth.
		TestPki.Credential leafOnly = new TestPki.Credential(issued.privateKey(), List.of(issued.certificate()));

		HttpResponse<String> token = token(leafOnly, clientId);

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			spaces and case        | cn = %s , o = example
			attribute as an OID    | 2.5.4.3=%s,2.5.4.10=Example
			quoted value           | CN="%s",O=Example
			""")
	void tokenWhenTheRegisteredSubjectDnIsSpelledDifferentlyThenMatchedAsADistinguishedName(String spelling,
			String registeredDn) {
		String name = "dn-" + UUID.randomUUID();
		String clientId = registerTlsClient("tls_client_auth_subject_dn", registeredDn.formatted(name));

		HttpResponse<String> token = token(TRUSTED.certificate("CN=" + name + ", O=Example").issue(), clientId);

		assertThat(token.statusCode()).as(spelling + " " + token.body()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			tls_client_auth_san_dns   | Billing.Example.COM          | dns   | billing.example.com
			tls_client_auth_san_uri   | SPIFFE://Example.com/billing | uri   | spiffe://example.com/billing
			tls_client_auth_san_ip    | 2001:db8::10                 | ip    | 2001:db8:0:0:0:0:0:10
			tls_client_auth_san_ip    | 192.0.2.10                   | ip    | 192.0.2.10
			tls_client_auth_san_email | billing@Example.com          | email | billing@example.com
			""")
	void tokenWhenTheCertificateCarriesTheRegisteredAlternativeNameThenIssuedAndOfAnotherTypeRefused(String field,
			String registeredValue, String type, String certificateValue) {
		String clientId = registerTlsClient(field, registeredValue);
		UnaryOperator<TestPki.CertificateRequest> withName = switch (type) {
			case "dns" -> (request) -> request.dnsName(certificateValue);
			case "uri" -> (request) -> request.uri(certificateValue);
			case "ip" -> (request) -> request.ipAddress(certificateValue);
			default -> (request) -> request.email(certificateValue);
		};
		// The same text in an alternative name of another type is no match.
		UnaryOperator<TestPki.CertificateRequest> otherType = type.equals("uri")
				? (request) -> request.dnsName("example.com") : (request) -> request.uri("urn:" + certificateValue);

		HttpResponse<String> matching = token(withName.apply(TRUSTED.certificate("CN=any")).issue(), clientId);
		HttpResponse<String> wrongType = token(otherType.apply(TRUSTED.certificate("CN=any")).issue(), clientId);

		assertThat(matching.statusCode()).as(matching.body()).isEqualTo(200);
		assertInvalidClient(wrongType);
	}

	@Test
	void tokenWhenTheCertificateIsWrongExpiredUntrustedForgedOrAnotherClientsThenInvalidClientAndAudited() {
		String name = "refused-" + UUID.randomUUID();
		String clientId = registerTlsClient("tls_client_auth_subject_dn", "CN=" + name);
		String otherName = "other-" + UUID.randomUUID();
		String otherClientId = registerTlsClient("tls_client_auth_subject_dn", "CN=" + otherName);
		Instant now = Instant.now();
		TestPki.Credential right = TRUSTED.certificate("CN=" + name).issue();
		// Names the trusted authority as its issuer, but another key signed it.
		TestPki.Authority impostor = TestPki.authority(TRUSTED.certificate().getSubjectX500Principal().getName());
		Map<String, TestPki.Credential> refused = Map.of("wrong subject",
				TRUSTED.certificate("CN=" + name + "x").issue(), "expired",
				TRUSTED.certificate("CN=" + name)
					.validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)))
					.issue(),
				"not yet valid",
				TRUSTED.certificate("CN=" + name)
					.validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)))
					.issue(),
				"untrusted authority", TestPki.authority("CN=Untrusted CA").certificate("CN=" + name).issue(),
				"forged chain", impostor.certificate("CN=" + name).issue(), "self-signed",
				TestPki.selfSigned("CN=" + name).issue(), "another client's",
				TRUSTED.certificate("CN=" + otherName).issue());

		refused.forEach((problem, credential) -> assertInvalidClient(token(credential, clientId), problem));
		assertInvalidClient(tokenWithoutCertificate(clientId), "no certificate");
		assertThat(token(right, clientId).statusCode()).isEqualTo(200);
		assertThat(token(TRUSTED.certificate("CN=" + otherName).issue(), otherClientId).statusCode()).isEqualTo(200);
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'CLIENT_AUTHENTICATION' AND outcome = 'FAILURE' "
					+ "AND client_id = ?")
			.param(clientId)
			.query(Long.class)
			.single()).isGreaterThanOrEqualTo(refused.size());
	}

	@Test
	void tokenWhenASelfSignedCertificateHoldsARegisteredKeyThenIssuedAndOtherwiseInvalidClient() throws Exception {
		TestPki.Credential device = TestPki.selfSigned("CN=device").issue();
		// The public key, with the certificate as its x5c.
		JWK key = JWK.parse(device.certificate()).toPublicJWK();
		String clientId = (String) register("""
				{"grant_types": ["client_credentials"], "scope": "message.read",
				 "token_endpoint_auth_method": "self_signed_tls_client_auth", "jwks": %s}"""
			.formatted(new JWKSet(key).toString())).get("client_id");
		Instant now = Instant.now();

		assertThat(token(device, clientId).statusCode()).isEqualTo(200);
		assertInvalidClient(token(TestPki.selfSigned("CN=device").issue(), clientId), "another key");
		assertInvalidClient(token(TRUSTED.certificate("CN=device").issue(), clientId), "issued by a CA");
		assertInvalidClient(token(TestPki.selfSigned("CN=device")
			.validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)))
			.issue(), clientId), "expired");
		assertInvalidClient(tokenWithoutCertificate(clientId), "no certificate");
	}

	@Test
	@SuppressWarnings("unchecked")
	void introspectionAndRevocationWhenTheClientPresentsItsCertificateThenServedAndDiscoveryListsBothMethods() {
		String name = "introspecting-" + UUID.randomUUID();
		String clientId = registerTlsClient("tls_client_auth_subject_dn", "CN=" + name);
		TestPki.Credential certificate = TRUSTED.certificate("CN=" + name).issue();
		String accessToken = (String) HttpExchange.json(token(certificate, clientId)).get("access_token");
		HttpExchange mtls = HttpExchange.to(mtlsUrl(), certificate.sslContext(serverAuthority()));

		HttpResponse<String> introspection = mtls.postForm("/oauth2/introspect",
				Map.of("token", accessToken, "client_id", clientId));
		HttpResponse<String> revocation = mtls.postForm("/oauth2/revoke",
				Map.of("token", accessToken, "client_id", clientId));
		Map<String, Object> metadata = HttpExchange
			.json(HttpExchange.to(this.issuer).get("/.well-known/oauth-authorization-server"));

		assertThat(HttpExchange.json(introspection)).containsEntry("active", true);
		assertThat(revocation.statusCode()).isEqualTo(200);
		for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			assertThat((List<Object>) metadata.get(endpoint + "_auth_methods_supported")).as(endpoint)
				.contains("tls_client_auth", "self_signed_tls_client_auth");
		}
	}

	@Test
	void tokenWhenATrustedProxyPassesTheCertificateInTheHeaderThenIssuedAndFromAnyoneElseInvalidClient()
			throws Exception {
		String name = "proxied-" + UUID.randomUUID();
		String clientId = registerTlsClient("tls_client_auth_san_dns", name + ".example.com");
		String certificate = URLEncoder.encode(
				TestPki.pem(TRUSTED.certificate("CN=any").dnsName(name + ".example.com").issue().certificate()),
				StandardCharsets.UTF_8);
		String form = "grant_type=client_credentials&scope=message.read&client_id=" + clientId;

		// As nginx sends it, only the client's own certificate.
		String fromProxy = postToMainPort("127.0.0.2", form, "X-SSL-Client-Cert: " + certificate);
		String fromClient = postToMainPort("127.0.0.1", form, "X-SSL-Client-Cert: " + certificate);

		assertThat(fromProxy).startsWith("HTTP/1.1 200").contains("\"access_token\"");
		assertThat(fromClient).startsWith("HTTP/1.1 401").contains("\"error\":\"invalid_client\"");
	}

	/** A form post to the main port from the given local address; the whole answer. */
	private String postToMainPort(String localAddress, String form, String header) throws IOException {
		byte[] body = form.getBytes(StandardCharsets.UTF_8);
		String request = "POST /oauth2/token HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nContent-Type: application/x-www-form-urlencoded\r\n" + header + "\r\nContent-Length: "
				+ body.length + "\r\nConnection: close\r\n\r\n" + form;
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(localAddress, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * FAPI 2.0 §5.3.2.1 and §5.3.3.4: a client held to the profile may authenticate with
	 * its certificate and have its tokens bound to it, in place of a signed assertion and
	 * DPoP; without either binding it gets no token.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void fapiClientWhenItAuthenticatesWithItsCertificateAndItsTokensAreBoundToItThenNoDPoPIsAsked() throws Exception {
		String name = "fapi-" + UUID.randomUUID();
		String redirectUri = "https://fapi.example/callback";
		String clientId = (String) register("""
				{"grant_types": ["authorization_code"], "redirect_uris": ["%s"], "scope": "openid message.read",
				 "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "CN=%s",
				 "tls_client_certificate_bound_access_tokens": true, "fapi2_security_profile": true}"""
			.formatted(redirectUri, name)).get("client_id");
		TestPki.Credential certificate = TRUSTED.certificate("CN=" + name).issue();
		HttpExchange client = HttpExchange.to(mtlsUrl(), certificate.sslContext(serverAuthority()));
		Pkce pkce = Pkce.generate();
		HttpResponse<String> pushed = client.postForm("/oauth2/par",
				Map.of("response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope",
						"openid message.read", "state", "fapi", "code_challenge", pkce.challenge(),
						"code_challenge_method", "S256"));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toLogin = browser.browse("/oauth2/authorize?client_id=" + clientId + "&request_uri="
				+ URLEncoder.encode((String) HttpExchange.json(pushed).get("request_uri"), StandardCharsets.UTF_8));
		HttpResponse<String> loginPage = browser.follow(toLogin);
		HttpResponse<String> toRequest = browser.postForm("/login", Map.of("username", TestClients.DEMO_USER,
				"password", TestClients.DEMO_USER_PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		HttpResponse<String> answer = browser.follow(browser.follow(toRequest));
		if (answer.statusCode() == 200) {
			answer = BrowserSignIn.of(browser, clientId, redirectUri, "openid message.read")
				.submitConsent(answer, true);
		}
		Map<String, String> callback = HttpExchange.queryParameters(HttpExchange.location(answer));
		assertThat(callback).containsEntry("state", "fapi").containsEntry("iss", this.issuer).containsKey("code");
		Map<String, Object> form = CodeGrant.redemption(HttpExchange.location(answer), pkce, redirectUri);
		form.put("client_id", clientId);

		HttpResponse<String> token = client.postForm("/oauth2/token", form);

		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		Map<String, Object> claims = SignedJWT.parse((String) HttpExchange.json(token).get("access_token"))
			.getJWTClaimsSet()
			.toJSONObject();
		assertThat((Map<String, Object>) claims.get("cnf")).containsEntry("x5t#S256",
				TestPki.thumbprint(certificate.certificate()));

		String unboundName = "fapi-unbound-" + UUID.randomUUID();
		String unbound = (String) register("""
				{"grant_types": ["client_credentials"], "scope": "message.read",
				 "token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "CN=%s",
				 "fapi2_security_profile": true}""".formatted(unboundName)).get("client_id");
		HttpResponse<String> refused = token(TRUSTED.certificate("CN=" + unboundName).issue(), unbound);
		assertThat(refused.statusCode()).as("neither DPoP nor a certificate binding").isEqualTo(400);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_request");
	}

	private void assertInvalidClient(HttpResponse<String> response) {
		assertInvalidClient(response, "");
	}

	private void assertInvalidClient(HttpResponse<String> response, String problem) {
		assertThat(response.statusCode()).as(problem + " " + response.body()).isEqualTo(401);
		assertThat(HttpExchange.json(response)).as(problem).containsEntry("error", "invalid_client");
	}

	private String registerTlsClient(String field, String value) {
		return (String) register("""
				{"grant_types": ["client_credentials"], "scope": "message.read",
				 "token_endpoint_auth_method": "tls_client_auth", "%s": "%s"}""".formatted(field,
				value.replace("\"", "\\\"")))
			.get("client_id");
	}

	private Map<String, Object> register(String json) {
		String initialAccessToken = this.initialAccessTokens.create("test", Set.of(), Set.of(), null,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", json, "Authorization", "Bearer " + initialAccessToken);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return HttpExchange.json(response);
	}

	private HttpResponse<String> token(TestPki.Credential credential, String clientId) {
		return token(credential.sslContext(serverAuthority()), clientId);
	}

	private HttpResponse<String> tokenWithoutCertificate(String clientId) {
		return token(TestPki.trusting(serverAuthority()), clientId);
	}

	private HttpResponse<String> token(SSLContext ssl, String clientId) {
		Map<String, String> form = new HashMap<>(CLIENT_CREDENTIALS);
		form.put("client_id", clientId);
		return HttpExchange.to(mtlsUrl(), ssl).postForm("/oauth2/token", form);
	}

	private static X509Certificate serverAuthority() {
		return MtlsServerInitializer.SERVER_AUTHORITY.certificate();
	}

	private String mtlsUrl() {
		return "https://localhost:" + this.listener.port();
	}

}
