package dev.authserver.authorizations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes expired authorizations and consents left by deleted clients, in bounded
 * batches.
 * <p>
 * Every statement deletes rows that nobody can use any more and is correct whenever it
 * runs, so instances that run it at the same time on one database do no harm: one
 * deletes, the other finds nothing.
 */
class JdbcAuthorizationCleanup {

	private final JdbcClient jdbc;

	JdbcAuthorizationCleanup(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An authorization all of whose tokens expired before {@code :cutoff}; one without
	 * any token (a pending authorization request) counts as expired once it was created
	 * before {@code :cutoff}.
	 */
	private static final String EXPIRED = """
			created_at < :cutoff
			AND (authorization_code_expires_at IS NULL OR authorization_code_expires_at < :cutoff)
			AND (access_token_expires_at IS NULL OR access_token_expires_at < :cutoff)
			AND (refresh_token_expires_at IS NULL OR refresh_token_expires_at < :cutoff)
			AND (oidc_id_token_expires_at IS NULL OR oidc_id_token_expires_at < :cutoff)
			AND (user_code_expires_at IS NULL OR user_code_expires_at < :cutoff)
			AND (device_code_expires_at IS NULL OR device_code_expires_at < :cutoff)""";

	/**
	 * Deletes up to {@code batchSize} authorizations that expired before {@code cutoff}.
	 * <p>
	 * The ids are read first and then deleted by primary key, the condition checked
	 * again: H2 ran the single statement
	 * {@code DELETE ... WHERE id IN (SELECT id ... LIMIT n)} about three times slower
	 * (0.5 ms a row), too slow to keep up with a busy token endpoint whose requests take
	 * most of the CPU.
	 * @return how many it deleted
	 */
	int deleteExpiredAuthorizations(Instant cutoff, int batchSize) {
		List<String> ids = this.jdbc.sql("SELECT id FROM oauth2_authorization WHERE " + EXPIRED + " LIMIT :batchSize")
			.param("cutoff", Timestamp.from(cutoff))
			.param("batchSize", batchSize)
			.query(String.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM oauth2_authorization WHERE id IN (:ids) AND " + EXPIRED)
			.param("ids", ids)
			.param("cutoff", Timestamp.from(cutoff))
			.update();
	}

	/** Consents whose client no longer exists. */
	int deleteConsentsOfDeletedClients() {
		return this.jdbc.sql("""
				DELETE FROM oauth2_authorization_consent c
				WHERE NOT EXISTS (SELECT 1 FROM oauth2_registered_client r WHERE r.id = c.registered_client_id)""")
			.update();
	}

}
