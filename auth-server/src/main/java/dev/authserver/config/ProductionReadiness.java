package dev.authserver.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.authserver.demo.DemoProperties;
import dev.authserver.keys.KeyProperties;

import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * With the {@code prod} profile, refuses to start on the defaults that are only fit for a
 * developer's machine, and says what to set instead.
 */
@Component
@Profile("prod")
class ProductionReadiness {

	ProductionReadiness(KeyProperties keys, DemoProperties demo, AuthorizationServerSettings settings) {
		List<String> problems = new ArrayList<>();
		if (!StringUtils.hasText(keys.encryptionKey())) {
			problems.add("no key-encryption key: set AUTHSERVER_KEYS_ENCRYPTIONKEY to 32 random bytes, base64 "
					+ "(openssl rand -base64 32)");
		}
		URI issuer = URI.create(settings.getIssuer());
		if (!"https".equals(issuer.getScheme()) && !isLoopback(issuer.getHost())) {
			problems
				.add("the issuer " + issuer + " is not https: set SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER "
						+ "to the server's public https URL");
		}
		if (demo.enabled() && (!StringUtils.hasText(demo.userPassword()) || !StringUtils.hasText(demo.adminPassword())
				|| !StringUtils.hasText(demo.webClientSecret()) || !StringUtils.hasText(demo.machineClientSecret()))) {
			problems.add("demo users and clients with generated credentials would be created: set "
					+ "AUTHSERVER_DEMO_ENABLED=false");
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"The prod profile refuses to start on insecure defaults:\n - " + String.join("\n - ", problems));
		}
	}

	private static boolean isLoopback(String host) {
		return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
	}

}
