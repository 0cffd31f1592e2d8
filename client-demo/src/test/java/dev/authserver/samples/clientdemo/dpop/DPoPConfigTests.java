package dev.authserver.samples.clientdemo.dpop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.authserver.samples.clientdemo.ClientDemoProperties;
import dev.authserver.samples.clientdemo.mtls.MutualTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The framework's token response clients as the demo configures them, over real HTTP to a
 * stand-in token endpoint: {@code client-demo.dpop.enabled} decides whether a token
 * request carries a proof.
 */
class DPoPConfigTests {

	private final DPoPConfig config = new DPoPConfig();

	private final DPoPProofSigner signer = DPoPProofSigner.withNewKey();

	private final List<String> proofsReceived = new ArrayList<>();

	private HttpServer tokenEndpoint;

	@BeforeEach
	void startTokenEndpoint() throws IOException {
		this.tokenEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.tokenEndpoint.createContext("/oauth2/token", (exchange) -> {
			String proof = exchange.getRequestHeaders().getFirst("DPoP");
			this.proofsReceived.add(String.valueOf(proof));
			byte[] body = ("{\"access_token\":\"issued\",\"token_type\":\"" + ((proof != null) ? "DPoP" : "Bearer")
					+ "\",\"expires_in\":300}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.tokenEndpoint.start();
	}

	@AfterEach
	void stopTokenEndpoint() {
		this.tokenEndpoint.stop(0);
	}

	@Test
	void clientCredentialsWhenDPoPIsEnabledThenTheTokenRequestCarriesAProofAndTheTokenIsDPoP() throws Exception {
		OAuth2AccessTokenResponse response = this.config
			.clientCredentialsTokenResponseClient(this.signer, properties(true), MutualTls.none())
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration()));

		assertThat(this.proofsReceived).singleElement()
			.satisfies((proof) -> assertThat(SignedJWT.parse(proof).getJWTClaimsSet().getStringClaim("htu"))
				.isEqualTo(tokenUri()));
		assertThat(response.getAccessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.DPOP);
	}

	@Test
	void clientCredentialsWhenDPoPIsDisabledThenNoProofAndABearerToken() {
		OAuth2AccessTokenResponse response = this.config
			.clientCredentialsTokenResponseClient(this.signer, properties(false), MutualTls.none())
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration()));

		assertThat(this.proofsReceived).containsExactly("null");
		assertThat(response.getAccessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
	}

	private String tokenUri() {
		return "http://127.0.0.1:" + this.tokenEndpoint.getAddress().getPort() + "/oauth2/token";
	}

	private ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("machine")
			.clientId("demo-m2m")
			.clientSecret("test-only-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(tokenUri())
			.build();
	}

	private static ClientDemoProperties properties(boolean dpopEnabled) {
		return new ClientDemoProperties(URI.create("http://localhost:8081"), URI.create("http://localhost:8082"),
				new ClientDemoProperties.Dpop(dpopEnabled), new ClientDemoProperties.Mtls(null),
				new ClientDemoProperties.Device("demo-device"));
	}

}
