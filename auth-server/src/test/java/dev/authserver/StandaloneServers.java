package dev.authserver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Auth-servers a test starts, stops and starts again itself, on a database it chooses,
 * with the demo data's known credentials.
 */
final class StandaloneServers {

	private StandaloneServers() {
	}

	/**
	 * Properties as command-line arguments, so they win over application.yml as an
	 * operator's would.
	 */
	static ConfigurableApplicationContext start(Map<String, Object> properties) {
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(AuthServerApplication.class).run(args);
	}

	/**
	 * The issuer matching the port, the database, the development key-encryption key in a
	 * file and the demo credentials beside it; the management port free.
	 */
	static Map<String, Object> properties(int port, String jdbcUrl, Path keyEncryptionKeyFile) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("server.port", port);
		properties.put("management.server.port", 0);
		properties.put("spring.security.oauth2.authorizationserver.issuer", "http://localhost:" + port);
		properties.put("spring.datasource.url", jdbcUrl);
		properties.put("authserver.keys.dev-encryption-key-file", keyEncryptionKeyFile.toString());
		properties.put("authserver.demo.credentials-file",
				keyEncryptionKeyFile.resolveSibling("demo-credentials.txt").toString());
		properties.put("authserver.demo.user-password", TestClients.DEMO_USER_PASSWORD);
		properties.put("authserver.demo.web-client-secret", TestClients.WEB_CLIENT_SECRET);
		properties.put("authserver.demo.machine-client-secret", TestClients.MACHINE_CLIENT_SECRET);
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			properties.put("spring.datasource.username", "postgres");
			properties.put("spring.datasource.password", "postgres");
		}
		return properties;
	}

	/**
	 * Declares {@link TestClients#DECLARED_CLIENT_ID} through Boot's properties, as
	 * {@link AuthServerTest} does: client credentials, {@code message.read}.
	 */
	static void declareMachineClient(Map<String, Object> properties) {
		properties.put("spring.security.oauth2.authorizationserver.client.declared.registration.client-id",
				TestClients.DECLARED_CLIENT_ID);
		properties.put("spring.security.oauth2.authorizationserver.client.declared.registration.client-secret",
				"{noop}" + TestClients.DECLARED_CLIENT_SECRET);
		properties.put(
				"spring.security.oauth2.authorizationserver.client.declared.registration.client-authentication-methods",
				"client_secret_basic");
		properties.put(
				"spring.security.oauth2.authorizationserver.client.declared.registration.authorization-grant-types",
				"client_credentials");
		properties.put("spring.security.oauth2.authorizationserver.client.declared.registration.scopes",
				"message.read");
	}

}
