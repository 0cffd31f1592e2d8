package dev.authserver.sessions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The outbox of back-channel logout notifications: one row for each client to tell, until
 * it is delivered or given up. Any instance may deliver any row; a claim is one
 * conditional {@code UPDATE}, which exactly one instance wins.
 */
class JdbcLogoutDeliveries {

	private final JdbcClient jdbc;

	JdbcLogoutDeliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void enqueue(String clientId, String logoutUri, String subject, String sid, Instant now) {
		this.jdbc
			.sql("""
					INSERT INTO logout_delivery (id, client_id, logout_uri, subject, sid, created_at, attempts, next_attempt_at)
					VALUES (?, ?, ?, ?, ?, ?, 0, ?)""")
			.params(UUID.randomUUID().toString(), clientId, logoutUri, subject, sid, Timestamp.from(now),
					Timestamp.from(now))
			.update();
	}

	/** Up to {@code limit} deliveries due at {@code now}, oldest first. */
	List<LogoutDelivery> due(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT id, client_id, logout_uri, subject, sid, attempts, next_attempt_at FROM logout_delivery
				WHERE next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit""")
			.param("now", Timestamp.from(now))
			.param("limit", limit)
			.query((rs, row) -> new LogoutDelivery(rs.getString("id"), rs.getString("client_id"),
					rs.getString("logout_uri"), rs.getString("subject"), rs.getString("sid"), rs.getInt("attempts"),
					rs.getTimestamp("next_attempt_at").toInstant()))
			.list();
	}

	/**
	 * Takes the delivery for one attempt: moves its next attempt to {@code leaseUntil},
	 * so that no other instance takes it meanwhile, and one that crashes mid-attempt
	 * leaves it to be taken again then.
	 * @return false when another instance took it first
	 */
	boolean claim(LogoutDelivery delivery, Instant leaseUntil) {
		return this.jdbc.sql("""
				UPDATE logout_delivery SET attempts = attempts + 1, next_attempt_at = :leaseUntil
				WHERE id = :id AND attempts = :attempts AND next_attempt_at = :nextAttemptAt""")
			.param("leaseUntil", Timestamp.from(leaseUntil))
			.param("id", delivery.id())
			.param("attempts", delivery.attempts())
			.param("nextAttemptAt", Timestamp.from(delivery.nextAttemptAt()))
			.update() == 1;
	}

	void retryAt(String id, Instant nextAttemptAt) {
		this.jdbc.sql("UPDATE logout_delivery SET next_attempt_at = ? WHERE id = ?")
			.params(Timestamp.from(nextAttemptAt), id)
			.update();
	}

	void remove(String id) {
		this.jdbc.sql("DELETE FROM logout_delivery WHERE id = ?").param(id).update();
	}

	/**
	 * @param attempts how many attempts were made before this one
	 */
	record LogoutDelivery(String id, String clientId, String logoutUri, String subject, String sid, int attempts,
			Instant nextAttemptAt) {

	}

}
