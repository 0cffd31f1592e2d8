package dev.authserver.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.time.Instant;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authserver.MutableClock;
import dev.authserver.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.test.web.client.ExpectedCount;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestTemplate;

/**
 * A {@code self_signed_tls_client_auth} client's keys at its {@code jwks_uri}: fetched
 * with the client given (the egress-ruled one in production), kept for a while, fetched
 * again early only for an unknown key.
 */
class RegisteredClientKeysTests {

	private static final String JWKS_URI = "https://keys.example/device.json";

	private final RestTemplate jwksClient = new RestTemplate();

	private final MockRestServiceServer server = MockRestServiceServer.bindTo(this.jwksClient).build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final RegisteredClientKeys keys = new RegisteredClientKeys(this.jwksClient, 100, this.clock);

	@Test
	void refusalWhenTheCertificateKeyIsAtTheJwksUriThenNoneAndTheSetIsFetchedOnce() throws Exception {
		TestPki.Credential device = TestPki.selfSigned("CN=device").issue();
		this.server.expect(ExpectedCount.once(), requestTo(JWKS_URI))
			.andRespond(withSuccess(jwks(device), MediaType.APPLICATION_JSON));

		assertThat(this.keys.refusal(client(), device.certificate())).isNull();
		assertThat(this.keys.refusal(client(), device.certificate())).isNull();
		this.server.verify();
	}

	@Test
	void refusalWhenAnUnknownKeyComesThenFetchedAgainOnlyAfterAPauseAndTheNewKeyAccepted() throws Exception {
		TestPki.Credential old = TestPki.selfSigned("CN=device").issue();
		TestPki.Credential rolledOver = TestPki.selfSigned("CN=device").issue();
		this.server.expect(ExpectedCount.once(), requestTo(JWKS_URI))
			.andRespond(withSuccess(jwks(old), MediaType.APPLICATION_JSON));
		this.server.expect(ExpectedCount.once(), requestTo(JWKS_URI))
			.andRespond(withSuccess(jwks(rolledOver), MediaType.APPLICATION_JSON));

		assertThat(this.keys.refusal(client(), old.certificate())).isNull();
		assertThat(this.keys.refusal(client(), rolledOver.certificate())).as("within the pause: no fetch")
			.contains("not in the client's jwks_uri");
		this.clock.advance(RegisteredClientKeys.REFETCH_AFTER.plusSeconds(1));
		assertThat(this.keys.refusal(client(), rolledOver.certificate())).isNull();
		this.server.verify();
	}

	@Test
	void refusalWhenTheJwksUriFailsThenRefusedAndNotKept() throws Exception {
		TestPki.Credential device = TestPki.selfSigned("CN=device").issue();
		this.server.expect(ExpectedCount.once(), requestTo(JWKS_URI)).andRespond(withServerError());
		this.server.expect(ExpectedCount.once(), requestTo(JWKS_URI))
			.andRespond(withSuccess(jwks(device), MediaType.APPLICATION_JSON));

		assertThat(this.keys.refusal(client(), device.certificate())).contains("cannot be fetched");
		assertThat(this.keys.refusal(client(), device.certificate())).isNull();
		this.server.verify();
	}

	private static String jwks(TestPki.Credential credential) throws Exception {
		return new JWKSet(JWK.parse(credential.certificate()).toPublicJWK()).toString();
	}

	private static RegisteredClient client() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("device")
			.clientAuthenticationMethod(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(ClientSettings.builder().jwkSetUrl(JWKS_URI).build())
			.build();
	}

}
