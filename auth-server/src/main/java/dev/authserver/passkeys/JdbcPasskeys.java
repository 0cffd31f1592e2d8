package dev.authserver.passkeys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account page's and the console's queries over the framework's passkey tables
 * ({@code user_entities}, {@code user_credentials}, V22); the framework's repositories
 * read and write them for registration and sign-in. Every statement names the owner, so
 * that nobody reaches another user's passkey by its id.
 */
class JdbcPasskeys {

	private static final String OF_USER = "FROM user_credentials c JOIN user_entities e ON e.id = c.user_entity_user_id"
			+ " WHERE e.name = :username";

	private static final String OWNED = "credential_id = :id AND user_entity_user_id IN"
			+ " (SELECT id FROM user_entities WHERE name = :username)";

	private final JdbcClient jdbc;

	JdbcPasskeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Passkey> of(String username) {
		return this.jdbc
			.sql("SELECT c.credential_id, c.label, c.created, c.last_used " + OF_USER
					+ " ORDER BY c.created, c.credential_id")
			.param("username", username)
			.query(JdbcPasskeys::passkey)
			.list();
	}

	Optional<Passkey> find(String username, String id) {
		return this.jdbc
			.sql("SELECT c.credential_id, c.label, c.created, c.last_used " + OF_USER + " AND c.credential_id = :id")
			.param("username", username)
			.param("id", id)
			.query(JdbcPasskeys::passkey)
			.optional();
	}

	boolean rename(String username, String id, String label) {
		return this.jdbc.sql("UPDATE user_credentials SET label = :label WHERE " + OWNED)
			.param("label", label)
			.param("id", id)
			.param("username", username)
			.update() == 1;
	}

	boolean delete(String username, String id) {
		return this.jdbc.sql("DELETE FROM user_credentials WHERE " + OWNED)
			.param("id", id)
			.param("username", username)
			.update() == 1;
	}

	/** How many passkeys each of these users has; a user without any is left out. */
	Map<String, Integer> counts(Collection<String> usernames) {
		Map<String, Integer> counts = new HashMap<>();
		if (usernames.isEmpty()) {
			return counts;
		}
		this.jdbc
			.sql("SELECT e.name, COUNT(*) FROM user_entities e JOIN user_credentials c ON c.user_entity_user_id = e.id"
					+ " WHERE e.name IN (:usernames) GROUP BY e.name")
			.param("usernames", List.copyOf(usernames))
			.query((rs) -> {
				counts.put(rs.getString(1), rs.getInt(2));
			});
		return counts;
	}

	private static Passkey passkey(ResultSet rs, int row) throws SQLException {
		return new Passkey(rs.getString("credential_id"), rs.getString("label"), rs.getTimestamp("created").toInstant(),
				rs.getTimestamp("last_used").toInstant());
	}

}
