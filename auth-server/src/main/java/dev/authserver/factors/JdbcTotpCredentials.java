package dev.authserver.factors;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import dev.authserver.keys.KeyEncryptionCipher;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The users' TOTP secrets, encrypted under the key-encryption key with the account's row
 * id as the owner, so a ciphertext copied to another account does not decrypt; and the
 * last time step used, which makes each code work once across every instance.
 */
class JdbcTotpCredentials {

	private static final String USER_ID = "(SELECT id FROM user_account WHERE username = ?)";

	private final JdbcClient jdbc;

	private final KeyEncryptionCipher cipher;

	private final Clock clock;

	JdbcTotpCredentials(JdbcClient jdbc, KeyEncryptionCipher cipher, Clock clock) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.clock = clock;
	}

	/**
	 * Stores a new, unconfirmed secret for the user, replacing an unconfirmed one; a
	 * confirmed credential stays until it is removed.
	 * @return whether it was stored
	 */
	boolean savePending(String username, byte[] secret) {
		this.jdbc.sql("DELETE FROM totp_credential WHERE user_id = " + USER_ID + " AND confirmed = FALSE")
			.param(username)
			.update();
		Optional<Long> userId = userId(username);
		if (userId.isEmpty() || exists(userId.get())) {
			return false;
		}
		this.jdbc.sql("""
				INSERT INTO totp_credential (user_id, secret_ciphertext, confirmed, created_at)
				VALUES (?, ?, FALSE, ?)""")
			.param(userId.get())
			.param(this.cipher.encrypt(owner(userId.get()), secret))
			.param(Timestamp.from(this.clock.instant()))
			.update();
		return true;
	}

	/** The user's secret, confirmed or not. */
	Optional<Secret> find(String username) {
		return this.jdbc.sql("""
				SELECT c.user_id, c.secret_ciphertext, c.confirmed FROM totp_credential c
				JOIN user_account u ON u.id = c.user_id WHERE u.username = ?""")
			.param(username)
			.query((rs, row) -> new Secret(this.cipher.decrypt(owner(rs.getLong(1)), rs.getString(2)).plaintext(),
					rs.getBoolean(3)))
			.optional();
	}

	boolean hasConfirmed(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM totp_credential WHERE user_id = " + USER_ID + " AND confirmed")
			.param(username)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Claims a time step for the user: true only if no code of this step or a later one
	 * was accepted before, on any instance (one UPDATE decides).
	 */
	boolean claimStep(String username, long step, boolean confirming) {
		return this.jdbc
			.sql("UPDATE totp_credential SET last_used_step = ?, confirmed = TRUE WHERE user_id = " + USER_ID
					+ " AND confirmed = ? AND (last_used_step IS NULL OR last_used_step < ?)")
			.param(step)
			.param(username)
			.param(!confirming)
			.param(step)
			.update() == 1;
	}

	boolean delete(String username) {
		return this.jdbc.sql("DELETE FROM totp_credential WHERE user_id = " + USER_ID).param(username).update() > 0;
	}

	private Optional<Long> userId(String username) {
		return this.jdbc.sql("SELECT id FROM user_account WHERE username = ?")
			.param(username)
			.query(Long.class)
			.optional();
	}

	private boolean exists(long userId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM totp_credential WHERE user_id = ?")
			.param(userId)
			.query(Integer.class)
			.single() > 0;
	}

	/** The associated data of the encryption: the secret belongs to this account row. */
	private static String owner(long userId) {
		return "totp:" + userId;
	}

	record Secret(byte[] value, boolean confirmed) {
	}

}
