package dev.authserver.factors;

import java.util.List;
import java.util.Locale;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who must sign in with a second factor, as admins set it: users by name, roles, and
 * clients by {@code client_id}.
 */
class JdbcSecondFactorRequirements {

	enum Kind {

		USER, ROLE, CLIENT;

		String column() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final JdbcClient jdbc;

	JdbcSecondFactorRequirements(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean isRequired(Kind kind, String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM second_factor_requirement WHERE kind = ? AND name = ?")
			.param(kind.column())
			.param(name)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Whether the user must pass a second factor at sign-in: they have a confirmed
	 * authenticator, or an admin requires one of them or of one of their roles. One
	 * query, as it runs on each page of a session without a second factor.
	 */
	boolean isRequiredOf(String username) {
		return this.jdbc.sql("""
				SELECT (SELECT COUNT(*) FROM totp_credential c JOIN user_account u ON u.id = c.user_id
					WHERE u.username = :username AND c.confirmed)
				+ (SELECT COUNT(*) FROM second_factor_requirement WHERE kind = 'user' AND name = :username)
				+ (SELECT COUNT(*) FROM second_factor_requirement r JOIN user_role ur ON r.kind = 'role'
					AND r.name = ur.role JOIN user_account u ON u.id = ur.user_id WHERE u.username = :username)""")
			.param("username", username)
			.query(Integer.class)
			.single() > 0;
	}

	List<String> names(Kind kind) {
		return this.jdbc.sql("SELECT name FROM second_factor_requirement WHERE kind = ? ORDER BY name")
			.param(kind.column())
			.query(String.class)
			.list();
	}

	/** The roles users have, to choose from. */
	List<String> rolesInUse() {
		return this.jdbc.sql("SELECT DISTINCT role FROM user_role").query(String.class).list();
	}

	/** Requires or stops requiring; returns whether anything changed. */
	boolean set(Kind kind, String name, boolean required) {
		if (!required) {
			return this.jdbc.sql("DELETE FROM second_factor_requirement WHERE kind = ? AND name = ?")
				.param(kind.column())
				.param(name)
				.update() > 0;
		}
		if (isRequired(kind, name)) {
			return false;
		}
		try {
			this.jdbc.sql("INSERT INTO second_factor_requirement (kind, name) VALUES (?, ?)")
				.param(kind.column())
				.param(name)
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			// Another admin required the same at the same moment.
			return false;
		}
	}

}
