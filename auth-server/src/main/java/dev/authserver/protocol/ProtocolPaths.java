package dev.authserver.protocol;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The protocol endpoints' paths as plain strings, for what answers a request before
 * Spring sees it: the container's own error report, which has no servlet mapping to match
 * against. Requests are matched on their path as sent; {@link NonCanonicalPathFilter}
 * refuses any other spelling of these paths anyway.
 */
public final class ProtocolPaths {

	private static final String WELL_KNOWN = "/.well-known/";

	private final Set<String> endpoints;

	private final Set<String> jsonOnly;

	private ProtocolPaths(Set<String> endpoints, Set<String> jsonOnly) {
		this.endpoints = endpoints;
		this.jsonOnly = jsonOnly;
	}

	public static ProtocolPaths of(AuthorizationServerSettings settings) {
		Set<String> jsonOnly = Set.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getTokenRevocationEndpoint(), settings.getDeviceAuthorizationEndpoint(),
				settings.getPushedAuthorizationRequestEndpoint(), ServerMetadata.REGISTRATION_ENDPOINT);
		Set<String> endpoints = Stream
			.concat(jsonOnly.stream(),
					Stream.of(settings.getAuthorizationEndpoint(), settings.getDeviceVerificationEndpoint(),
							settings.getJwkSetEndpoint(), settings.getOidcClientRegistrationEndpoint(),
							settings.getOidcUserInfoEndpoint(), settings.getOidcLogoutEndpoint()))
			.collect(Collectors.toUnmodifiableSet());
		return new ProtocolPaths(endpoints, jsonOnly);
	}

	/**
	 * Whether the path is a protocol endpoint's (or a metadata document's), whose errors
	 * carry RFC 6749 §5.2's codes.
	 */
	public boolean isEndpoint(String path) {
		return path.startsWith(WELL_KNOWN) || this.endpoints.contains(path) || isRegistration(path);
	}

	/**
	 * Whether the path is one whose errors are JSON whatever the request accepts: the
	 * endpoints where clients authenticate ({@link ClientAuthenticatedEndpoints}) and the
	 * registration endpoint with its client configuration endpoints.
	 */
	public boolean answersJsonOnly(String path) {
		return this.jsonOnly.contains(path) || isRegistration(path);
	}

	private static boolean isRegistration(String path) {
		return path.startsWith(ServerMetadata.REGISTRATION_ENDPOINT + "/");
	}

}
