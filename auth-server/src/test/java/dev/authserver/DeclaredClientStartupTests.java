package dev.authserver;

import static org.assertj.core.api.Assertions.assertThatException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A client declared (or a passkey relying party configured) in a way the server will not
 * honour stops the start, instead of failing every token request of that client with a
 * server error, or being changed behind the operator's back.
 */
class DeclaredClientStartupTests {

	private static final String CLIENT = "spring.security.oauth2.authorizationserver.client.partner.";

	@Test
	void startWhenADeclaredSecretHasAnUnknownPrefixThenRefusesAndNamesTheClient() {
		assertThatException().isThrownBy(() -> start(CLIENT + "registration.client-secret={md4}8a8bd3bd5ae1fa1a"))
			.withStackTraceContaining("The secret declared for client partner-service")
			.withStackTraceContaining(CLIENT + "registration.client-secret")
			.withStackTraceContaining("unknown {id} prefix");
	}

	@Test
	void startWhenAClientIsDeclaredToReuseRefreshTokensThenRefusesAndNamesTheClientAndTheProperty() {
		assertThatException()
			.isThrownBy(() -> start(CLIENT + "registration.client-secret={noop}partner-test-secret",
					CLIENT + "token.reuse-refresh-tokens=true"))
			.withStackTraceContaining(
					"Client partner-service is declared with " + CLIENT + "token.reuse-refresh-tokens=true")
			.withStackTraceContaining("replaces refresh tokens at every use");
	}

	@Test
	void startWhenADeclaredTlsClientAuthValueDoesNotParseThenRefusesAndNamesTheProperty() {
		assertThatException()
			.isThrownBy(() -> start(CLIENT + "registration.client-authentication-methods=tls_client_auth",
					"authserver.clients.mutual-tls.partner.san-ip=partner.example.com"))
			.withStackTraceContaining("Client partner-service is refused by the rules of registered clients, in "
					+ "authserver.clients.mutual-tls.partner.san-ip")
			.withStackTraceContaining("is not an IP address");
	}

	@Test
	void startWhenThePasskeyRelyingPartyIdIsNotTheIssuersThenRefusesAndNamesTheProperty() {
		assertThatException()
			.isThrownBy(() -> start(CLIENT + "registration.client-secret={noop}partner-test-secret",
					"authserver.passkeys.rp-id=example.org"))
			.withStackTraceContaining("authserver.passkeys.rp-id 'example.org' is not the issuer's host 'localhost'");
	}

	/**
	 * Starts a server with the client {@code partner} declared, with these further
	 * properties.
	 */
	private static void start(String... declaration) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--authserver.demo.enabled=false",
				"--spring.datasource.url=jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("db"),
				"--authserver.keys.dev-encryption-key-file="
						+ FreshServerInitializer.newDataDirectory().resolve("dev-key"),
				"--" + CLIENT + "registration.client-id=partner-service",
				"--" + CLIENT + "registration.client-authentication-methods=client_secret_basic",
				"--" + CLIENT + "registration.authorization-grant-types=client_credentials",
				"--" + CLIENT + "registration.scopes=message.read"));
		for (String property : declaration) {
			arguments.add("--" + property);
		}
		new SpringApplicationBuilder(AuthServerApplication.class).run(arguments.toArray(String[]::new)).close();
	}

}
