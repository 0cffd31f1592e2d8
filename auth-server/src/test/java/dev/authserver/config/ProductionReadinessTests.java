package dev.authserver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import dev.authserver.demo.DemoProperties;
import dev.authserver.keys.KeyProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The {@code prod} profile's refusal to start on development defaults, proved on the one
 * bean that decides it and the settings it reads, without starting a server
 * ({@code ProductionProfileTests} starts one that runs).
 */
class ProductionReadinessTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class, ProductionReadiness.class);

	@Test
	void startWhenProdProfileHasDevelopmentDefaultsThenRefusesAndSaysWhatToSet() {
		this.contexts.withPropertyValues("spring.profiles.active=prod", "issuer=http://auth.example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("The prod profile refuses to start on insecure defaults")
				.hasMessageContaining("AUTHSERVER_KEYS_ENCRYPTIONKEY")
				.hasMessageContaining("is not https")
				.hasMessageContaining("AUTHSERVER_DEMO_ENABLED=false"));
	}

	@Test
	void startWhenProdProfileIsConfiguredSafelyThenTheCheckPasses() {
		this.contexts
			.withPropertyValues("spring.profiles.active=prod", "issuer=https://auth.example.com",
					"authserver.keys.encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]),
					"authserver.demo.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ProductionReadiness.class));
	}

	@Test
	void startWhenProdProfileIsNotActiveThenDevelopmentDefaultsAreAccepted() {
		this.contexts.withPropertyValues("issuer=http://auth.example.com")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ProductionReadiness.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ KeyProperties.class, DemoProperties.class })
	static class Settings {

		@Bean
		AuthorizationServerSettings authorizationServerSettings(org.springframework.core.env.Environment environment) {
			return AuthorizationServerSettings.builder().issuer(environment.getProperty("issuer")).build();
		}

	}

}
