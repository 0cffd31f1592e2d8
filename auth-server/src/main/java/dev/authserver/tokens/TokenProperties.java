package dev.authserver.tokens;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for the tokens the server issues.
 *
 * @param audience the default {@code aud} of access tokens: the resource servers they are
 * meant for when the client names none with the {@code resource} parameter (RFC 9068 §3,
 * RFC 8707)
 * @param resources further resource servers a client may name with the {@code resource}
 * parameter, besides those of {@code audience}
 * @param clientResources for clients declared under
 * {@code spring.security.oauth2.authorizationserver.client.<name>}, by that name: the
 * only resource servers the client may use, the first being its default audience (see
 * {@link ClientResources}); each must be one of {@code audience} or {@code resources}
 * @param refreshTokenIdleTimeout how long a refresh token lives unused: each refresh
 * token expires this long after it is issued, or at the end of its grant's absolute
 * lifetime (the client's refresh token lifetime, counted from the user's authorization)
 * if that comes first
 * @param introspection per resource server, the clients that may introspect the tokens
 * meant for it (see {@link TokenIntrospectors}); each resource must be one of
 * {@code audience} or {@code resources}
 */
@Validated
@ConfigurationProperties("authserver.tokens")
public record TokenProperties(@DefaultValue("http://localhost:8081") @NotEmpty List<String> audience,
		@DefaultValue List<String> resources, @DefaultValue Map<String, List<String>> clientResources,
		@DefaultValue("1d") Duration refreshTokenIdleTimeout, @DefaultValue List<Introspection> introspection) {

	public TokenProperties {
		if (refreshTokenIdleTimeout.isNegative() || refreshTokenIdleTimeout.isZero()) {
			throw new IllegalArgumentException(
					"authserver.tokens.refresh-token-idle-timeout (" + refreshTokenIdleTimeout + ") must be positive");
		}
		for (Introspection entry : introspection) {
			if (!audience.contains(entry.resource()) && !resources.contains(entry.resource())) {
				throw new IllegalArgumentException("authserver.tokens.introspection: " + entry.resource()
						+ " is none of authserver.tokens.audience and authserver.tokens.resources");
			}
		}
	}

	/**
	 * The clients that may introspect the tokens meant for one resource server: the
	 * resource server's own client ids.
	 *
	 * @param resource the resource server, as tokens name it in {@code aud}
	 * @param clients the client ids that may introspect its tokens
	 */
	public record Introspection(String resource, List<String> clients) {

		public Introspection {
			if (clients == null || clients.isEmpty()) {
				throw new IllegalArgumentException(
						"authserver.tokens.introspection: " + resource + " names no clients");
			}
		}

	}

}
