package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.authserver.mtls.MtlsListener;

/**
 * The mTLS listener over real HTTPS: it asks for a client certificate without requiring
 * one, accepts any certificate at the TLS layer, and serves only the endpoints where
 * clients authenticate.
 */
@MtlsServerTest
class MtlsListenerTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	MtlsListener listener;

	String mtlsUrl() {
		return "https://localhost:" + this.listener.port();
	}

	@Test
	void handshakeWhenClientHasCertificateThenServerAskedForItAndAcceptedASelfSignedOne() throws Exception {
		TestPki.Credential client = TestPki.selfSigned("CN=self-signed client").issue();
		try (SSLSocket socket = (SSLSocket) client.sslContext(MtlsServerInitializer.SERVER_AUTHORITY.certificate())
			.getSocketFactory()
			.createSocket("localhost", this.listener.port())) {
			socket.startHandshake();
			// The client sends its certificate only when the server's handshake asks for
			// one.
			assertThat(socket.getSession().getLocalCertificates()).containsExactly(client.certificate());
		}
	}

	@Test
	void tokenRequestWithoutClientCertificateOverMtlsListenerThenIssued() {
		HttpExchange http = HttpExchange.to(mtlsUrl(),
				TestPki.trusting(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(response)).containsKey("access_token");
	}

	@Test
	void tokenRequestWithCertificateFromUnknownAuthorityOverMtlsListenerThenIssued() {
		TestPki.Credential client = TestPki.authority("CN=Unknown CA").certificate("CN=unknown").issue();
		HttpExchange http = HttpExchange.to(mtlsUrl(),
				client.sslContext(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
	}

	/**
	 * Only the aliased endpoints are served on the mTLS listener: pages, discovery and
	 * the console stay on the main port, where no browser is asked for a certificate.
	 */
	@Test
	void requestOnMtlsListenerWhenPathIsNotAnAliasedEndpointThenNotFound() {
		HttpExchange http = HttpExchange.to(mtlsUrl(),
				TestPki.trusting(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));
		for (String path : List.of("/", "/login", "/oauth2/authorize?client_id=" + TestClients.WEB_CLIENT_ID,
				"/.well-known/openid-configuration", "/oauth2/jwks", "/admin/clients", "/oauth2/register",
				"/oauth2/token/", "/oauth2/%74oken", "/css/site.css")) {
			HttpResponse<String> response = http.browse(path);

			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.body()).as(path).isEmpty();
		}
		assertThat(http.get("/userinfo").statusCode()).isEqualTo(401);
	}

	/**
	 * Boot leaves additional connectors alone; the listener takes the main one's limits.
	 */
	@Test
	void requestOnMtlsListenerWhenHeadersExceedTheMainPortsLimitThenRefused() {
		HttpExchange http = HttpExchange.to(mtlsUrl(),
				TestPki.trusting(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));

		HttpResponse<String> small = http.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
				"X-Padding", "x".repeat(1024));
		HttpResponse<String> large = http.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
				"X-Padding", "x".repeat(9 * 1024));

		// The small one reaches the endpoint, which wants client credentials.
		assertThat(small.statusCode()).isEqualTo(401);
		assertThat(large.statusCode()).isEqualTo(400);
	}

	@Test
	void mainPortStaysPlainHttp() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/.well-known/openid-configuration");

		assertThat(response.statusCode()).isEqualTo(200);
	}

}
