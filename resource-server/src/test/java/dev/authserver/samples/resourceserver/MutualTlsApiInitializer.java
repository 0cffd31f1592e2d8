package dev.authserver.samples.resourceserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.authserver.testsupport.TestCertificates;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * What {@link FreshApiInitializer} gives, plus HTTPS as an operator turns it on: a Boot
 * PEM SSL bundle with a server certificate from a {@link TestCertificates} authority
 * (registered as a bean, so tests make client certificates from it) and client
 * certificates requested, not required. The files are written before the context starts,
 * because Boot reads the bundle then.
 */
class MutualTlsApiInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

	@Override
	public void initialize(GenericApplicationContext context) {
		new FreshApiInitializer().initialize(context);
		TestCertificates certificates = TestCertificates.newAuthority();
		context.registerBean(TestCertificates.class, () -> certificates);
		Path certificate = TestCertificates.writePem(certificates.server(), newTlsDirectory(), "server");
		Path privateKey = certificate.resolveSibling("server.key");
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("mutual-tls-api",
					Map.of("server.ssl.bundle", "api", "server.ssl.client-auth", "want",
							"spring.ssl.bundle.pem.api.keystore.certificate", certificate.toUri().toString(),
							"spring.ssl.bundle.pem.api.keystore.private-key", privateKey.toUri().toString())));
	}

	private static Path newTlsDirectory() {
		try {
			Path target = Path.of("target", "test-data");
			Files.createDirectories(target);
			return Files.createTempDirectory(target.toAbsolutePath(), "tls-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
