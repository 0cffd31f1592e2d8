package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.mtls.MtlsListener;
import dev.authserver.testsupport.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The client certificate a TLS-terminating proxy passes in {@code X-SSL-Client-Cert},
 * through a real nginx: believed from the trusted proxy (nginx connects from
 * {@code 127.0.0.2}), ignored from any other caller and on the mTLS listener, and a
 * malformed one from the trusted proxy refused with {@code invalid_request}.
 * <p>
 * A client whose tokens are bound tells which: with a certificate it gets a bound token,
 * without one {@code invalid_request}.
 */
@MtlsServerTest
@ExtendWith(Nginx.Required.class)
@SuppressWarnings("unchecked")
class ClientCertificateHeaderTests {

	private static final String SECRET = "Y2xpZW50LWNlcnRpZmljYXRlLWhlYWRlci10ZXN0LXNlY3JldA";

	private static final String HEADER = "X-SSL-Client-Cert";

	private static TlsTerminatingNginx nginx;

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Value("${local.server.port}")
	int serverPort;

	@Autowired
	MtlsListener listener;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	@BeforeAll
	static void startNginx(@Value("${local.server.port}") int serverPort) {
		nginx = TlsTerminatingNginx.start(serverPort);
	}

	@AfterAll
	static void stopNginx() {
		if (nginx != null) {
			nginx.close();
		}
	}

	@Test
	void tokenRequestThroughNginxWithCertificateThenTokenIsBoundToIt() throws Exception {
		RegisteredClient client = saveBindingClient();
		TestPki.Credential certificate = TestPki.selfSigned("CN=behind nginx").issue();
		HttpExchange http = HttpExchange.to(nginx.url(),
				certificate.sslContext(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));

		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), client.getClientId(), SECRET);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Map<String, Object> cnf = (Map<String, Object>) SignedJWT
			.parse((String) HttpExchange.json(response).get("access_token"))
			.getJWTClaimsSet()
			.getClaim("cnf");
		assertThat(cnf).containsEntry("x5t#S256", TestPki.thumbprint(certificate.certificate()));
	}

	@Test
	void tokenRequestThroughNginxWithoutCertificateThenNoCertificateReachesTheServer() {
		RegisteredClient client = saveBindingClient();
		HttpExchange http = HttpExchange.to(nginx.url(),
				TestPki.trusting(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));

		// nginx replaces the caller's header with its own, and sends none without a
		// certificate.
		HttpResponse<String> response = http.postForm("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), "Authorization", basic(client),
				HEADER, escapedPem(TestPki.selfSigned("CN=forged through nginx").issue()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void headerWhenSentByACallerThatIsNoTrustedProxyThenIgnored() {
		RegisteredClient client = saveBindingClient();
		String forged = escapedPem(TestPki.selfSigned("CN=forged").issue());

		RawHttp.Response toMainPort = tokenRequest(RawHttp.to(this.issuer), client, HEADER + ": " + forged);
		// From the trusted proxy's address, but on the mTLS listener, whose clients
		// present their certificates themselves.
		HttpResponse<String> toListener = HttpExchange
			.to("https://localhost:" + this.listener.port(),
					TestPki.trusting(MtlsServerInitializer.SERVER_AUTHORITY.certificate()))
			.postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read"),
					"Authorization", basic(client), HEADER, forged);

		assertThat(toMainPort.status()).isEqualTo(400);
		assertThat(toMainPort.json()).containsEntry("error", "invalid_request");
		assertThat(toListener.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(toListener)).containsEntry("error", "invalid_request");
	}

	@Test
	void headerFromTheTrustedProxyWhenMalformedThenInvalidRequest() {
		RegisteredClient client = saveBindingClient();
		RawHttp fromProxy = RawHttp.to(this.issuer).from(TlsTerminatingNginx.PROXY_ADDRESS);

		for (String value : List.of("not-a-certificate", URLEncoder
			.encode("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", StandardCharsets.UTF_8),
				"%E0%A4%A")) {
			RawHttp.Response response = tokenRequest(fromProxy, client, HEADER + ": " + value);

			assertThat(response.status()).as(value).isEqualTo(400);
			assertThat(response.json()).as(value).containsEntry("error", "invalid_request");
		}
		TestPki.Credential certificate = TestPki.selfSigned("CN=from the proxy").issue();
		RawHttp.Response wellFormed = tokenRequest(fromProxy, client, HEADER + ": " + escapedPem(certificate));
		assertThat(wellFormed.status()).as(wellFormed.body()).isEqualTo(200);
	}

	private RawHttp.Response tokenRequest(RawHttp http, RegisteredClient client, String header) {
		return http.send("POST", "/oauth2/token",
				List.of("Content-Type: application/x-www-form-urlencoded",
						RawHttp.basicAuthorization(client.getClientId(), SECRET), header),
				"grant_type=client_credentials&scope=message.read".getBytes(StandardCharsets.US_ASCII));
	}

	private static String basic(RegisteredClient client) {
		return RawHttp.basicAuthorization(client.getClientId(), SECRET).substring("Authorization: ".length());
	}

	/** As nginx's {@code $ssl_client_escaped_cert} spells a certificate. */
	private static String escapedPem(TestPki.Credential certificate) {
		return URLEncoder.encode(TestPki.pem(certificate.certificate()), StandardCharsets.UTF_8).replace("+", "%20");
	}

	private RegisteredClient saveBindingClient() {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("header-" + UUID.randomUUID())
			.clientSecret(
					this.clientSecretEncoder.encodeFor(Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC), SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.tokenSettings(TokenSettings.builder().x509CertificateBoundAccessTokens(true).build())
			.build();
		this.clients.save(client);
		return client;
	}

}
