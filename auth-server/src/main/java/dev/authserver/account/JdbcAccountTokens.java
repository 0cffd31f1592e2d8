package dev.authserver.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The single-use tokens of mailed links, in {@code account_token}: only their SHA-256 is
 * stored, and a token is used by deleting its row, which only one request can do.
 */
class JdbcAccountTokens {

	private final JdbcClient jdbc;

	private final Clock clock;

	JdbcAccountTokens(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A new token for the user, which replaces the ones they had for the same purpose:
	 * only the latest link works.
	 * @param email the address the link verifies, or null
	 * @return the token, to put in the link and nowhere else
	 */
	@Transactional
	String issue(AccountTokenPurpose purpose, String username, String email, Duration lifetime) {
		Instant now = this.clock.instant();
		this.jdbc.sql("DELETE FROM account_token WHERE expires_at <= ?").param(Timestamp.from(now)).update();
		this.jdbc.sql("DELETE FROM account_token WHERE username = ? AND purpose = ?")
			.param(username)
			.param(purpose.column())
			.update();
		String token = OpaqueTokens.generate("", 32);
		this.jdbc.sql("""
				INSERT INTO account_token (token_hash, purpose, username, email, expires_at)
				VALUES (?, ?, ?, ?, ?)""")
			.param(OpaqueTokens.hash(token))
			.param(purpose.column())
			.param(username)
			.param(email)
			.param(Timestamp.from(now.plus(lifetime)))
			.update();
		return token;
	}

	/** The live token for one of {@code purposes}, without using it. */
	Optional<AccountToken> find(String token, Set<AccountTokenPurpose> purposes) {
		if (token == null || token.isEmpty()) {
			return Optional.empty();
		}
		return this.jdbc
			.sql("SELECT purpose, username, email FROM account_token WHERE token_hash = ? AND expires_at > ?")
			.param(OpaqueTokens.hash(token))
			.param(Timestamp.from(this.clock.instant()))
			.query((rs, row) -> new AccountToken(AccountTokenPurpose.of(rs.getString(1)), rs.getString(2),
					rs.getString(3)))
			.optional()
			.filter((found) -> purposes.contains(found.purpose()));
	}

	/**
	 * Uses the live token for one of {@code purposes}: of two requests with the same
	 * token, one gets it.
	 */
	@Transactional
	Optional<AccountToken> redeem(String token, Set<AccountTokenPurpose> purposes) {
		Optional<AccountToken> found = find(token, purposes);
		if (found.isEmpty()) {
			return found;
		}
		int deleted = this.jdbc.sql("DELETE FROM account_token WHERE token_hash = ? AND expires_at > ?")
			.param(OpaqueTokens.hash(token))
			.param(Timestamp.from(this.clock.instant()))
			.update();
		return (deleted == 1) ? found : Optional.empty();
	}

	/** What a live token is for. */
	record AccountToken(AccountTokenPurpose purpose, String username, String email) {
	}

}
