package dev.authserver.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores user accounts and their roles in the {@code user_account} and {@code user_role}
 * tables.
 */
@Repository
public class JdbcUserAccountRepository {

	private static final String SELECT = """
			SELECT id, username, password_hash, display_name, email, email_verified, enabled
			FROM user_account
			""";

	private final JdbcClient jdbc;

	JdbcUserAccountRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<UserAccount> findByUsername(String username) {
		return this.jdbc.sql(SELECT + " WHERE username = :username")
			.param("username", username)
			.query(JdbcUserAccountRepository::mapRow)
			.optional()
			.map(this::withRoles);
	}

	public boolean exists(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM user_account WHERE username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
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

	/**
	 * The enabled accounts whose email is {@code email} (any case), at most
	 * {@code limit}: nothing makes an address unique to one account.
	 */
	public List<UserAccount> findEnabledByEmail(String email, int limit) {
		return list(this.jdbc.sql(SELECT + """
				WHERE LOWER(email) = :email AND enabled = TRUE
				ORDER BY username
				LIMIT :limit""").param("email", email.toLowerCase(Locale.ROOT)).param("limit", limit));
	}

	public void updateDisplayName(String username, String displayName) {
		this.jdbc.sql("UPDATE user_account SET display_name = :displayName WHERE username = :username")
			.param("displayName", displayName)
			.param("username", username)
			.update();
	}

	public void updateEmail(String username, String email, boolean verified) {
		this.jdbc.sql("UPDATE user_account SET email = :email, email_verified = :verified WHERE username = :username")
			.param("email", email)
			.param("verified", verified)
			.param("username", username)
			.update();
	}

	/**
	 * Accounts whose username, display name or email contains {@code query} (any case),
	 * by username, at most {@code limit}. {@code POSITION}, unlike {@code LIKE}, takes
	 * the text as it is: nothing to escape.
	 */
	public List<UserAccount> search(String query, int limit) {
		return list(this.jdbc.sql(SELECT + """
				WHERE POSITION(:query IN LOWER(username)) > 0 OR POSITION(:query IN LOWER(display_name)) > 0
				    OR POSITION(:query IN LOWER(email)) > 0
				ORDER BY username
				LIMIT :limit""").param("query", query.toLowerCase(Locale.ROOT)).param("limit", limit));
	}

	/**
	 * @return false when there is no such account
	 */
	public boolean setEnabled(String username, boolean enabled) {
		return this.jdbc.sql("UPDATE user_account SET enabled = :enabled WHERE username = :username")
			.param("enabled", enabled)
			.param("username", username)
			.update() == 1;
	}

	/** Replaces the account's roles with {@code roles}. */
	@Transactional
	public void setRoles(String username, Set<String> roles) {
		long id = this.jdbc.sql("SELECT id FROM user_account WHERE username = :username")
			.param("username", username)
			.query(Long.class)
			.single();
		this.jdbc.sql("DELETE FROM user_role WHERE user_id = :userId").param("userId", id).update();
		for (String role : roles) {
			this.jdbc.sql("INSERT INTO user_role (user_id, role) VALUES (:userId, :role)")
				.param("userId", id)
				.param("role", role)
				.update();
		}
	}

	/**
	 * Revokes every code, access, refresh and ID token issued on the user's behalf by
	 * deleting those authorizations: introspection then answers {@code active: false} and
	 * refresh fails. Client-credentials authorizations are left alone: their principal is
	 * a client, whose id may happen to equal a username.
	 * @return how many authorizations it deleted
	 */
	int revokeAuthorizations(String username) {
		return this.jdbc.sql("""
				DELETE FROM oauth2_authorization
				WHERE principal_name = :username AND authorization_grant_type <> 'client_credentials'""")
			.param("username", username)
			.update();
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

	private List<UserAccount> list(StatementSpec query) {
		return query.query(JdbcUserAccountRepository::mapRow).list().stream().map(this::withRoles).toList();
	}

	/*
	 * Roles are read once the account's result set is closed: reading them from inside
	 * the row mapper took a second pooled connection while holding the first, and under
	 * load every connection was held by a request waiting for another.
	 */
	private UserAccount withRoles(AccountRow row) {
		return new UserAccount(row.username(), row.passwordHash(), row.displayName(), row.email(), row.emailVerified(),
				row.enabled(), new LinkedHashSet<>(findRoles(row.id())));
	}

	private static AccountRow mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new AccountRow(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
				rs.getString("display_name"), rs.getString("email"), rs.getBoolean("email_verified"),
				rs.getBoolean("enabled"));
	}

	private record AccountRow(long id, String username, String passwordHash, String displayName, String email,
			boolean emailVerified, boolean enabled) {
	}

}
