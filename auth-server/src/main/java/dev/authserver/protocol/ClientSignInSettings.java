package dev.authserver.protocol;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The sign-in rules a client registers (OpenID Connect Dynamic Client Registration 1.0
 * §2), kept in its client settings: {@code default_max_age}, the {@code max_age} of its
 * requests that name none, and {@code require_auth_time}, which this server always
 * satisfies as every ID token it issues from a sign-in carries {@code auth_time}.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata">OpenID
 * Connect Dynamic Client Registration §2</a>
 */
public final class ClientSignInSettings {

	/** Seconds, an integer. */
	public static final String DEFAULT_MAX_AGE = "settings.client.default-max-age";

	/** A boolean. */
	public static final String REQUIRE_AUTH_TIME = "settings.client.require-auth-time";

	private ClientSignInSettings() {
	}

	/** The client's {@code default_max_age}, if it registered one. */
	public static Optional<Duration> defaultMaxAge(RegisteredClient client) {
		Object seconds = client.getClientSettings().getSetting(DEFAULT_MAX_AGE);
		// Stored as JSON, so read back as whichever number type fits.
		return (seconds instanceof Number number) ? Optional.of(Duration.ofSeconds(number.longValue()))
				: Optional.empty();
	}

	/** Whether the client registered {@code require_auth_time: true}. */
	public static boolean requiresAuthTime(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_AUTH_TIME));
	}

}
