package dev.authserver.registration;

import java.sql.Types;
import java.util.Optional;
import java.util.Set;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

/**
 * Stores, for each client registered through the endpoint or the console, the SHA-256
 * hash of its current registration access token (RFC 7592) and the initial access token
 * it was registered with.
 */
class JdbcClientRegistrationRepository {

	private final JdbcClient jdbc;

	JdbcClientRegistrationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param initialAccessTokenId null for a client registered without one
	 */
	void save(String registeredClientId, String registrationAccessToken, String initialAccessTokenId) {
		this.jdbc.sql("""
				INSERT INTO client_registration
				    (registered_client_id, registration_access_token_hash, initial_access_token_id)
				VALUES (:id, :hash, :initialAccessTokenId)""")
			.param("id", registeredClientId)
			.param("hash", OpaqueTokens.hash(registrationAccessToken))
			.param("initialAccessTokenId", initialAccessTokenId, Types.VARCHAR)
			.update();
	}

	/**
	 * Replaces the client's registration access token, or stores a first one for a client
	 * that had none.
	 */
	void saveRegistrationAccessToken(String registeredClientId, String registrationAccessToken) {
		int updated = this.jdbc.sql("""
				UPDATE client_registration SET registration_access_token_hash = :hash
				WHERE registered_client_id = :id""")
			.param("hash", OpaqueTokens.hash(registrationAccessToken))
			.param("id", registeredClientId)
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO client_registration (registered_client_id, registration_access_token_hash)
					VALUES (:id, :hash)""")
				.param("id", registeredClientId)
				.param("hash", OpaqueTokens.hash(registrationAccessToken))
				.update();
		}
	}

	/**
	 * The id of the registered client whose current registration access token this is.
	 */
	Optional<String> findRegisteredClientId(String registrationAccessToken) {
		return this.jdbc.sql("""
				SELECT registered_client_id FROM client_registration WHERE registration_access_token_hash = :hash""")
			.param("hash", OpaqueTokens.hash(registrationAccessToken))
			.query(String.class)
			.optional();
	}

	/**
	 * The scopes the client may have: those of the initial access token it was registered
	 * with, if that token limited them; empty allows any.
	 */
	Set<String> allowedScopes(String registeredClientId) {
		return this.jdbc.sql("""
				SELECT t.allowed_scopes FROM client_registration r
				JOIN initial_access_token t ON t.id = r.initial_access_token_id
				WHERE r.registered_client_id = :id""")
			.param("id", registeredClientId)
			.query(String.class)
			.optional()
			.filter(StringUtils::hasText)
			.map((scopes) -> Set.of(scopes.split(" ")))
			.orElse(Set.of());
	}

}
