package dev.authserver.par;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The pushed authorization requests (RFC 9126), as the framework's pushed authorization
 * request endpoint stores them: pending authorizations in {@code oauth2_authorization},
 * found by a {@code state} that the request URI carries, with the request's expiry
 * ({@code urn:ietf:params:oauth:request_uri:<state>}, where the state ends in
 * {@code ___<epoch millis>}). Any instance finds them there; each is claimed once.
 */
class PushedRequests {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	/**
	 * How the framework's {@code OAuth2PushedAuthorizationRequestUri} appends the expiry.
	 */
	private static final String EXPIRY_DELIMITER = "___";

	private final OAuth2AuthorizationService authorizations;

	private final JdbcClient jdbc;

	private final Clock clock;

	PushedRequests(OAuth2AuthorizationService authorizations, JdbcClient jdbc, Clock clock) {
		this.authorizations = authorizations;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The pushed request that a request URI names, if it is the client's and has not
	 * expired; an expired one is removed.
	 */
	Optional<OAuth2Authorization> find(String requestUri, String clientId) {
		String state = requestUri.substring(AuthorizationRequestObjects.PUSHED_REQUEST_URI_PREFIX.length());
		Optional<Instant> expiresAt = expiry(state);
		if (expiresAt.isEmpty()) {
			return Optional.empty();
		}
		OAuth2Authorization pushed = this.authorizations.findByToken(state, STATE);
		OAuth2AuthorizationRequest request = (pushed != null)
				? pushed.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		if (request == null || !request.getClientId().equals(clientId)) {
			return Optional.empty();
		}
		if (expiresAt.get().isBefore(this.clock.instant())) {
			this.authorizations.remove(pushed);
			return Optional.empty();
		}
		return Optional.of(pushed);
	}

	/**
	 * Takes the pushed request out of the store, so that it starts one consent or code
	 * only: of several requests that redeem it at once, on any instances, one deletes the
	 * row and the others find it gone.
	 * @return false when it was claimed (or removed) already
	 */
	boolean claim(String authorizationId) {
		return this.jdbc.sql("DELETE FROM oauth2_authorization WHERE id = ?").param(authorizationId).update() == 1;
	}

	private static Optional<Instant> expiry(String state) {
		int delimiter = state.lastIndexOf(EXPIRY_DELIMITER);
		String millis = (delimiter > 0) ? state.substring(delimiter + EXPIRY_DELIMITER.length()) : "";
		if (!millis.matches("[0-9]{1,15}")) {
			return Optional.empty();
		}
		return Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
	}

}
