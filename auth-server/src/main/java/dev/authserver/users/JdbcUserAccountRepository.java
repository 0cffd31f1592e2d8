package dev.authserver.users;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores user accounts and their roles in the {@code user_account} and {@code user_role} tables.
 */
@Repository
public class JdbcUserAccountRepository {

	private final JdbcClient jdbc;

	JdbcUserAccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<UserAccount> findByUsername(String username) {
		return this.jdbc.sql("""
				SELECT id, username, password_hash, display_name, email, email_verified, enabled
				FROM user_account WHERE username = :username""")
			.param("username", username)
			.query((rs, rowNum) -> new UserAccount(rs.getString("username"), rs.getString("password_hash"),
					rs.getString("display_name"), rs.getString("email"), rs.getBoolean("email_verified"),
					rs.getBoolean("enabled"), new HashSet<>(findRoles(rs.getLong("id")))))
			.optional();
	}

	public boolean exists(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM user_account WHERE username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
	}

	public long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM user_account").query(Long.class).single();
	}

	@Transactional
	public void create(UserAccount account) {
		this.jdbc.sql("""
				INSERT INTO user_account (username, password_hash, display_name, email, email_verified, enabled)
				VALUES (:username, :passwordHash, :displayName, :email, :emailVerified, :enabled)""")
			.param("username", account.username())
			.param("passwordHash", account.passwordHash())
			.param("displayName", account.displayName())
			.param("email", account.email())
			.param("emailVerified", account.emailVerified())
			.param("enabled", account.enabled())
			.update();
		long id = this.jdbc.sql("SELECT id FROM user_account WHERE username = :username")
			.param("username", account.username())
			.query(Long.class)
			.single();
		for (String role : account.roles()) {
			this.jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:userId, :role)")
				.param("userId", id)
				.param("role", role)
				.update();
		}
	}

	void updatePasswordHash(String username, String passwordHash) {
		this.jdbc.sql("UPDATE user_account SET password_hash = :passwordHash WHERE username = :username")
			.param("passwordHash", passwordHash)
			.param("username", username)
			.update();
	}

	private List<String> findRoles(long userId) {
		return this.jdbc.sql("SELECT role FROM user_role WHERE user_id = :userId ORDER BY role")
			.param("userId", userId)
			.query(String.class)
			.list();
	}

}
