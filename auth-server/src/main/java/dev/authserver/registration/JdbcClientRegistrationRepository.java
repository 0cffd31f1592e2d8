package dev.authserver.registration;

import java.sql.Types;
import java.util.Optional;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores, for each client registered through the endpoint, the SHA-256 hash of its
 * current registration access token (RFC 7592) and the initial access token it was
 * registered with. Neither the console nor declared clients write here, so a row says
 * that the client was registered dynamically.
 */
public class JdbcClientRegistrationRepository {

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
	 * Whether the client was registered at the registration endpoint (RFC 7591), by
	 * someone holding an initial access token: a third party, not an administrator.
	 */
	public boolean isRegisteredDynamically(String registeredClientId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM client_registration WHERE registered_client_id = :id")
			.param("id", registeredClientId)
			.query(Integer.class)
			.single() > 0;
	}

}
