package dev.authserver.samples.resourceserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.authserver.testsupport.TestJwksServer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the API under test an issuer of its own, a {@link TestJwksServer} registered as a
 * bean (so tests sign with its key, and it stops with the context), and a fresh database
 * under {@code target/}, so tests never touch {@code ./data}.
 * <p>
 * An initializer rather than {@code @DynamicPropertySource}: the latter's methods are
 * part of the context cache key, so each test class declaring one would start an
 * application of its own.
 */
class FreshApiInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

	@Override
	public void initialize(GenericApplicationContext context) {
		TestJwksServer jwks = TestJwksServer.start(TestTokens.newRsaKey());
		context.registerBean(TestJwksServer.class, () -> jwks);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("fresh-api", Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri",
					jwks.issuer(),
					// The stand-in plays the downstream API too
					// (DownstreamIdentityTests).
					"resource-server.downstream-api-url", jwks.issuer(),
					"spring.security.oauth2.client.registration.downstream.client-secret", TestTokens.API_CLIENT_SECRET,
					"spring.security.oauth2.client.registration.actor.client-secret", TestTokens.API_CLIENT_SECRET,
					"spring.datasource.url", "jdbc:h2:file:" + newDataDirectory().resolve("resource-server"))));
	}

	private static Path newDataDirectory() {
		try {
			Path target = Path.of("target", "test-data");
			Files.createDirectories(target);
			return Files.createTempDirectory(target.toAbsolutePath(), "db-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
