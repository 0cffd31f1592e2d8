package dev.authserver.clients;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Connect sign-in rules of declared clients, which Boot's client properties
 * have no place for: by the name a client is declared under in
 * {@code spring.security.oauth2.authorizationserver.client.<name>}, its
 * {@code default_max_age} and {@code require_auth_time} (OpenID Connect Dynamic Client
 * Registration §2), as registered clients give them in their metadata.
 *
 * @param signIn the rules of each declared client, by its name
 */
@ConfigurationProperties("authserver.clients")
public record ClientSignInProperties(@DefaultValue Map<String, SignInRules> signIn) {

	/**
	 * @param defaultMaxAge the {@code max_age} of the client's requests that name none:
	 * whole seconds, from 1 second to a year; none when unset
	 * @param requireAuthTime whether its ID tokens must carry {@code auth_time} (they
	 * always do)
	 */
	public record SignInRules(Duration defaultMaxAge, boolean requireAuthTime) {
	}

}
