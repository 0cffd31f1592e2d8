package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code prod} profile refuses to start on development defaults and names what to
 * set.
 */
class ProductionProfileTests {

	@Test
	void startWhenProdProfileHasDevelopmentDefaultsThenRefusesAndSaysWhatToSet() {
		assertThatException().isThrownBy(() -> start("http://auth.example.com", null, true))
			.withStackTraceContaining("The prod profile refuses to start on insecure defaults")
			.withStackTraceContaining("AUTHSERVER_KEYS_ENCRYPTIONKEY")
			.withStackTraceContaining("is not https")
			.withStackTraceContaining("AUTHSERVER_DEMO_ENABLED=false");
	}

	@Test
	void startWhenProdProfileIsConfiguredSafelyThenRuns() {
		try (ConfigurableApplicationContext context = start("https://auth.example.com",
				Base64.getEncoder().encodeToString(new byte[32]), false)) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String issuer, String keyEncryptionKey, boolean demo) {
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=prod", "--server.port=0",
				"--management.server.port=0", "--spring.security.oauth2.authorizationserver.issuer=" + issuer,
				"--spring.datasource.url=jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("prod"),
				"--authserver.keys.dev-encryption-key-file="
						+ FreshServerInitializer.newDataDirectory().resolve("dev-key"),
				"--authserver.demo.enabled=" + demo));
		if (keyEncryptionKey != null) {
			args.add("--authserver.keys.encryption-key=" + keyEncryptionKey);
		}
		return new SpringApplicationBuilder(AuthServerApplication.class).run(args.toArray(String[]::new));
	}

}
