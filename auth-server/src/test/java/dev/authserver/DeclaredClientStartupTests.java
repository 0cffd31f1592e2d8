package dev.authserver;

import static org.assertj.core.api.Assertions.assertThatException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A client declared with a secret the server cannot read stops the start, instead of failing every token request
 * of that client with a server error.
 */
class DeclaredClientStartupTests {

	private static final String CLIENT = "spring.security.oauth2.authorizationserver.client.partner.registration.";

	@Test
	void startWhenADeclaredSecretHasAnUnknownPrefixThenRefusesAndNamesTheClient() {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(AuthServerApplication.class).run(
				"--server.port=0", "--management.server.port=0", "--authserver.demo.enabled=false",
				"--spring.datasource.url=jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("db"),
				"--authserver.keys.dev-encryption-key-file="
						+ FreshServerInitializer.newDataDirectory().resolve("dev-key"),
				"--" + CLIENT + "client-id=partner-service", "--" + CLIENT + "client-secret={md4}8a8bd3bd5ae1fa1a",
				"--" + CLIENT + "client-authentication-methods=client_secret_basic",
				"--" + CLIENT + "authorization-grant-types=client_credentials", "--" + CLIENT + "scopes=message.read"))
			.withStackTraceContaining("The secret declared for client partner-service")
			.withStackTraceContaining(CLIENT + "client-secret")
			.withStackTraceContaining("unknown {id} prefix");
	}

}
