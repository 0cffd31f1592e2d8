package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * A client's {@code jwks_uri} is a URL whoever registered the client chose; outside
 * development mode the server fetches none on its own network, so a registered client
 * cannot make it probe internal services, neither by an IPv6 form that carries an
 * internal IPv4 address.
 */
@AuthServerTest
class JwksUriFetchTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	RegisteredClientRepository clients;

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::127.0.0.1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]" })
	void privateKeyJwtWhenTheJwksUriIsOnAnInternalAddressThenNeverFetchedAndUnauthorizedInvalidClient(String host)
			throws IOException {
		RSAKey key = ClientAssertions.newRsaKey();
		byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		AtomicInteger fetches = new AtomicInteger();
		// Every interface, IPv4 and IPv6: whichever form of the address a connection
		// took, it would be counted.
		HttpServer internal = HttpServer.create(new InetSocketAddress(0), 0);
		internal.createContext("/jwks", (exchange) -> {
			fetches.incrementAndGet();
			exchange.sendResponseHeaders(200, jwks.length);
			try (var body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		internal.start();
		try {
			RegisteredClient client = ClientAssertions.privateKeyJwtClient(ClientSettings.builder()
				.jwkSetUrl("http://" + host + ":" + internal.getAddress().getPort() + "/jwks"));
			this.clients.save(client);
			String assertion = ClientAssertions
				.sign(ClientAssertions.claims(client.getClientId(), this.issuer + "/oauth2/token").build(), key);

			HttpResponse<String> response = HttpExchange.to(this.issuer)
				.postForm("/oauth2/token", ClientAssertions.form(Map.of("grant_type", "client_credentials"),
						client.getClientId(), assertion));

			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client");
			assertThat(fetches).as("requests that reached the internal host").hasValue(0);
		}
		finally {
			internal.stop(0);
		}
	}

}
