package dev.authserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a test server free ports (the application's and the management port) with an
 * issuer that matches, and a database, key-encryption key and demo credentials file of
 * its own under {@code target/}, so tests never touch {@code ./data}.
 */
public class FreshServerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		int port = freePort();
		int managementPort = freePort();
		Path dataDir = newDataDirectory();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("fresh-server",
					Map.<String, Object>of("server.port", port, "management.server.port", managementPort,
							"spring.security.oauth2.authorizationserver.issuer", "http://localhost:" + port,
							"spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("authserver"),
							"authserver.keys.dev-encryption-key-file",
							dataDir.resolve("dev-key-encryption.key").toString(), "authserver.demo.credentials-file",
							dataDir.resolve("demo-credentials.txt").toString())));
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Path newDataDirectory() {
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
