package dev.authserver.par;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import dev.authserver.authorizations.CleanupTask;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code jti} of the request objects accepted, until they expire, so that each is
 * accepted once on any instance (RFC 9101 §10.8 on replay).
 */
class JdbcUsedRequestObjects implements CleanupTask {

	/** The column's length: longer identifiers are refused before the database. */
	static final int MAX_JTI_LENGTH = 200;

	private final JdbcClient jdbc;

	JdbcUsedRequestObjects(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the use of a request object until {@code expiresAt}.
	 * @return false when the client used this {@code jti} before: a replay
	 */
	boolean markUsed(String clientId, String jti, Instant expiresAt) {
		try {
			this.jdbc.sql("INSERT INTO used_request_object (client_id, jti, expires_at) VALUES (?, ?, ?)")
				.params(clientId, jti, Timestamp.from(expiresAt))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	boolean isUsed(String clientId, String jti) {
		return this.jdbc.sql("SELECT COUNT(*) FROM used_request_object WHERE client_id = ? AND jti = ?")
			.params(clientId, jti)
			.query(Integer.class)
			.single() > 0;
	}

	/** A used jti is kept only as long as its object could be presented. */
	@Override
	public int deleteBatch(Instant now, Instant cutoff, int batchSize) {
		List<Object[]> keys = this.jdbc
			.sql("SELECT client_id, jti FROM used_request_object WHERE expires_at < :now LIMIT :batchSize")
			.param("now", Timestamp.from(now))
			.param("batchSize", batchSize)
			.query((rs, row) -> new Object[] { rs.getString("client_id"), rs.getString("jti") })
			.list();
		if (keys.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM used_request_object WHERE (client_id, jti) IN (:keys)")
			.param("keys", keys)
			.update();
	}

	@Override
	public String rows() {
		return "expired request object jti(s)";
	}

}
