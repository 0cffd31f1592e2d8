package dev.authserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.authserver.audit.AuditEvent.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit table on the real schema: the writer loses nothing, the console's filters and
 * pages, and retention.
 */
@JdbcTest
class AuditStorageTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcOperations jdbcOperations;

	JdbcAuditEventRepository repository;

	@BeforeEach
	void emptyTable() {
		this.jdbc.sql("DELETE FROM audit_event").update();
		this.repository = new JdbcAuditEventRepository(this.jdbcOperations, this.jdbc);
	}

	@Test
	void writerWhenStoppedThenEveryQueuedEventIsStored() {
		AuditLog auditLog = new AuditLog(this.repository, 10_000, Set.of(), Clock.fixed(NOW, ZoneOffset.UTC));
		auditLog.start();
		for (int i = 0; i < 2_000; i++) {
			auditLog.record(AuditEventType.TOKEN_ISSUED, Outcome.SUCCESS, "client-" + i, "client-" + i, null);
		}
		auditLog.stop();

		assertThat(count()).isEqualTo(2_000);
	}

	@Test
	void recordWhenTheQueueIsFullThenTheCallerStoresItsEvent() {
		AuditLog notStarted = new AuditLog(this.repository, 1, Set.of(), Clock.fixed(NOW, ZoneOffset.UTC));

		notStarted.record(AuditEventType.LOGIN, Outcome.FAILURE, "someone", null, "BadCredentialsException");
		notStarted.record(AuditEventType.LOGIN, Outcome.SUCCESS, "someone", null, null);

		assertThat(count()).isEqualTo(2);
	}

	@Test
	void recordWhenTheTypeIsExcludedThenNothingIsStored() {
		AuditLog auditLog = new AuditLog(this.repository, 1, Set.of(AuditEventType.TOKEN_ISSUED),
				Clock.fixed(NOW, ZoneOffset.UTC));

		auditLog.record(AuditEventType.TOKEN_ISSUED, Outcome.SUCCESS, "client", "client", null);
		auditLog.record(AuditEventType.TOKEN_REVOKED, Outcome.SUCCESS, "client", "client", null);

		assertThat(this.jdbc.sql("SELECT type FROM audit_event").query(String.class).list())
			.containsExactly("TOKEN_REVOKED");
	}

	@Test
	void findWhenFilteredThenNewestFirstAndPagedWithAHintOfMore() {
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			events.add(event(NOW.minusSeconds(i), AuditEventType.LOGIN, "alice", null, "login-" + i));
		}
		events.add(event(NOW, AuditEventType.LOGIN, "bob", null, "bob"));
		events.add(event(NOW, AuditEventType.TOKEN_ISSUED, "alice", "app", "token"));
		events.add(event(NOW.minus(Duration.ofDays(2)), AuditEventType.LOGIN, "alice", null, "old"));
		this.repository.insertAll(events);
		AuditQuery aliceLoginsToday = new AuditQuery(NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(1),
				AuditEventType.LOGIN, "alice", null);

		List<AuditEvent> firstPage = this.repository.find(aliceLoginsToday, 0, 3);
		List<AuditEvent> secondPage = this.repository.find(aliceLoginsToday, 3, 3);

		assertThat(firstPage).extracting(AuditEvent::detail)
			.containsExactly("login-0", "login-1", "login-2", "login-3");
		assertThat(secondPage).extracting(AuditEvent::detail).containsExactly("login-3", "login-4");
		assertThat(this.repository.find(new AuditQuery(null, null, null, null, "app"), 0, 10))
			.extracting(AuditEvent::detail)
			.containsExactly("token");
	}

	@Test
	void retentionWhenEventsAreOlderThanTheRetentionPeriodThenOnlyThoseGoInBatches() {
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < 2_500; i++) {
			events.add(event(NOW.minus(Duration.ofDays(91)), AuditEventType.TOKEN_ISSUED, "old", null, null));
		}
		events.add(event(NOW.minus(Duration.ofDays(89)), AuditEventType.LOGIN, "recent", null, null));
		this.repository.insertAll(events);
		AuditRetentionJob job = new AuditRetentionJob(this.repository,
				new AuditProperties(Duration.ofDays(90), Duration.ofHours(1), 100, 50, Set.of()),
				Clock.fixed(NOW, ZoneOffset.UTC));

		assertThat(job.deleteExpired()).isEqualTo(2_500);

		assertThat(this.jdbc.sql("SELECT actor FROM audit_event").query(String.class).list()).containsExactly("recent");
	}

	private static AuditEvent event(Instant at, AuditEventType type, String actor, String clientId, String detail) {
		return new AuditEvent(at, type, Outcome.SUCCESS, actor, clientId, null, detail);
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single();
	}

}
