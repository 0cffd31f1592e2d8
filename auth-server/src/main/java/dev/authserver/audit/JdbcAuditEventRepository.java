package dev.authserver.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.authserver.audit.AuditEvent.Outcome;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code audit_event} table.
 */
class JdbcAuditEventRepository {

	private final JdbcOperations jdbcOperations;

	private final JdbcClient jdbc;

	JdbcAuditEventRepository(JdbcOperations jdbcOperations, JdbcClient jdbc) {
		this.jdbcOperations = jdbcOperations;
		this.jdbc = jdbc;
	}

	void insertAll(List<AuditEvent> events) {
		this.jdbcOperations.batchUpdate("""
				INSERT INTO audit_event (occurred_at, type, outcome, actor, client_id, address, detail)
				VALUES (?, ?, ?, ?, ?, ?, ?)""", events, events.size(), (statement, event) -> {
			statement.setTimestamp(1, Timestamp.from(event.occurredAt()));
			statement.setString(2, event.type().name());
			statement.setString(3, event.outcome().name());
			statement.setString(4, event.actor());
			statement.setString(5, event.clientId());
			statement.setString(6, event.address());
			statement.setString(7, event.detail());
		});
	}

	/**
	 * Events matching the query, newest first: up to {@code size} of them from
	 * {@code offset}, plus one more when there is a next page.
	 */
	List<AuditEvent> find(AuditQuery query, int offset, int size) {
		List<String> conditions = new ArrayList<>();
		Map<String, Object> parameters = new HashMap<>();
		if (query.from() != null) {
			conditions.add("occurred_at >= :from");
			parameters.put("from", Timestamp.from(query.from()));
		}
		if (query.to() != null) {
			conditions.add("occurred_at < :to");
			parameters.put("to", Timestamp.from(query.to()));
		}
		if (query.type() != null) {
			conditions.add("type = :type");
			parameters.put("type", query.type().name());
		}
		if (query.actor() != null) {
			conditions.add("actor = :actor");
			parameters.put("actor", query.actor());
		}
		if (query.clientId() != null) {
			conditions.add("client_id = :clientId");
			parameters.put("clientId", query.clientId());
		}
		parameters.put("limit", size + 1);
		parameters.put("offset", offset);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		return this.jdbc
			.sql("SELECT occurred_at, type, outcome, actor, client_id, address, detail FROM audit_event" + where
					+ " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset")
			.params(parameters)
			.query(JdbcAuditEventRepository::event)
			.list();
	}

	/**
	 * Deletes up to {@code batchSize} events older than {@code cutoff}; returns how many
	 * it deleted. The ids are read first and then deleted by primary key: H2 ran
	 * {@code DELETE ... WHERE id IN (SELECT id ... LIMIT n)} six times slower, and a busy
	 * server records an event for every token.
	 */
	int deleteOlderThan(Instant cutoff, int batchSize) {
		List<Long> ids = this.jdbc.sql("SELECT id FROM audit_event WHERE occurred_at < :cutoff LIMIT :batchSize")
			.param("cutoff", Timestamp.from(cutoff))
			.param("batchSize", batchSize)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM audit_event WHERE id IN (:ids)").param("ids", ids).update();
	}

	private static AuditEvent event(ResultSet rs, int row) throws SQLException {
		return new AuditEvent(rs.getTimestamp("occurred_at").toInstant(), AuditEventType.valueOf(rs.getString("type")),
				Outcome.valueOf(rs.getString("outcome")), rs.getString("actor"), rs.getString("client_id"),
				rs.getString("address"), rs.getString("detail"));
	}

}
