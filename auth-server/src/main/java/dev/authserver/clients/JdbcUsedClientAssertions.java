package dev.authserver.clients;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import dev.authserver.authorizations.CleanupTask;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code jti} of every client assertion accepted and not yet expired, in the
 * database, so that each assertion is accepted once across all instances (RFC 7523 §3,
 * item 7): the primary key refuses a second insert wherever it comes from. The cleanup
 * job deletes the expired ones.
 */
public class JdbcUsedClientAssertions implements CleanupTask {

	/**
	 * The column's length: longer identifiers are refused before they reach the database.
	 */
	static final int MAX_JTI_LENGTH = 200;

	private final JdbcClient jdbc;

	public JdbcUsedClientAssertions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the use of an assertion until {@code expiresAt}.
	 * @return false when the client used this {@code jti} before: a replay
	 */
	boolean markUsed(String clientId, String jti, Instant expiresAt) {
		try {
			this.jdbc.sql("INSERT INTO used_client_assertion (client_id, jti, expires_at) VALUES (?, ?, ?)")
				.params(clientId, jti, Timestamp.from(expiresAt))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * A used jti is kept only as long as its assertion could be presented, so none waits
	 * for expired-for.
	 */
	@Override
	public int deleteBatch(Instant now, Instant cutoff, int batchSize) {
		return deleteExpired(now, batchSize);
	}

	@Override
	public String rows() {
		return "expired client assertion jti(s)";
	}

	/**
	 * Deletes up to {@code batchSize} uses that expired before {@code cutoff}: their
	 * assertions are refused for their {@code exp} anyway. Safe when several instances
	 * run it at once. The keys are read first and then deleted: H2 ran the single
	 * {@code DELETE ... IN (SELECT ... LIMIT n)} several times slower, and a busy client
	 * using assertions adds a row for every token.
	 * @return how many it deleted
	 */
	int deleteExpired(Instant cutoff, int batchSize) {
		List<Object[]> keys = this.jdbc
			.sql("SELECT client_id, jti FROM used_client_assertion WHERE expires_at < :cutoff LIMIT :batchSize")
			.param("cutoff", Timestamp.from(cutoff))
			.param("batchSize", batchSize)
			.query((rs, row) -> new Object[] { rs.getString("client_id"), rs.getString("jti") })
			.list();
		if (keys.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM used_client_assertion WHERE (client_id, jti) IN (:keys)")
			.param("keys", keys)
			.update();
	}

}
