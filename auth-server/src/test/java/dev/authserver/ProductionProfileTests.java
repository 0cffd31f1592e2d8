package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code prod} profile, configured safely, starts the whole server with its
 * production checks in place; what those checks refuse is proved in
 * {@code config.ProductionReadinessTests}, without a server.
 */
class ProductionProfileTests {

	@Test
	void startWhenProdProfileIsConfiguredSafelyThenRuns() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class).run(
				"--spring.profiles.active=prod", "--server.port=0", "--management.server.port=0",
				"--spring.security.oauth2.authorizationserver.issuer=https://auth.example.com",
				"--spring.datasource.url=jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("prod"),
				"--authserver.keys.dev-encryption-key-file="
						+ FreshServerInitializer.newDataDirectory().resolve("dev-key"),
				"--authserver.demo.enabled=false",
				"--authserver.keys.encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]))) {
			assertThat(context.isRunning()).isTrue();
			assertThat(context.containsBean("productionReadiness")).isTrue();
		}
	}

}
