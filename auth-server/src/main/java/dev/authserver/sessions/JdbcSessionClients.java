package dev.authserver.sessions;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.authserver.authorizations.CleanupTask;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which clients received tokens in which sign-in session, by the session's {@code sid}:
 * one row for each authorization a code grant issued there.
 */
class JdbcSessionClients implements CleanupTask {

	private final JdbcClient jdbc;

	JdbcSessionClients(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the authorization once. Requests that present the same code at once all
	 * build their tokens (the store lets one of them win only when it saves), so the
	 * others find the row there already.
	 */
	void add(String sid, String clientId, String authorizationId, Instant issuedAt) {
		try {
			this.jdbc
				.sql("INSERT INTO session_client (sid, client_id, authorization_id, issued_at) VALUES (?, ?, ?, ?)")
				.params(sid, clientId, authorizationId, Timestamp.from(issuedAt))
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Recorded by a parallel redemption of the same code.
		}
	}

	List<SessionClient> of(String sid) {
		return ofAll(List.of(sid));
	}

	/** The clients of each of these sessions, in one query. */
	List<SessionClient> ofAll(Collection<String> sids) {
		if (sids.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("SELECT sid, client_id, authorization_id FROM session_client WHERE sid IN (:sids) "
					+ "ORDER BY issued_at")
			.param("sids", sids)
			.query((rs, row) -> new SessionClient(rs.getString("sid"), rs.getString("client_id"),
					rs.getString("authorization_id")))
			.list();
	}

	/** The clients of a session whose id, and so its {@code sid}, changed. */
	void move(String oldSid, String newSid) {
		this.jdbc.sql("UPDATE session_client SET sid = ? WHERE sid = ?").params(newSid, oldSid).update();
	}

	void removeAll(String sid) {
		this.jdbc.sql("DELETE FROM session_client WHERE sid = ?").param(sid).update();
	}

	/**
	 * Rows of sessions that timed out rather than ended: older than the cutoff, and their
	 * authorization gone (expired and cleaned up, or revoked), so no refresh token is
	 * left to revoke. A session still in use keeps its rows while its tokens live.
	 */
	@Override
	public int deleteBatch(Instant now, Instant cutoff, int batchSize) {
		List<Object[]> keys = this.jdbc.sql("""
				SELECT s.sid, s.authorization_id FROM session_client s
				WHERE s.issued_at < :cutoff
				AND NOT EXISTS (SELECT 1 FROM oauth2_authorization a WHERE a.id = s.authorization_id)
				LIMIT :batchSize""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("batchSize", batchSize)
			.query((rs, row) -> new Object[] { rs.getString("sid"), rs.getString("authorization_id") })
			.list();
		if (keys.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM session_client WHERE (sid, authorization_id) IN (:keys)")
			.param("keys", keys)
			.update();
	}

	@Override
	public String rows() {
		return "client(s) of ended sign-in sessions";
	}

	record SessionClient(String sid, String clientId, String authorizationId) {

	}

}
