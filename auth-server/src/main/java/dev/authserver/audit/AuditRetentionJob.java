package dev.authserver.audit;

import java.time.Clock;
import java.time.Instant;

import dev.authserver.availability.JobFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes audit events older than the retention period, batch by batch. Every instance
 * runs it: each statement deletes only rows already past retention, so two instances
 * running it at once do no harm (one deletes, the other finds nothing), and no lock is
 * held between batches. {@link AuditConfig} schedules it every
 * {@code authserver.audit.cleanup-interval}.
 */
class AuditRetentionJob {

	private static final Logger log = LoggerFactory.getLogger(AuditRetentionJob.class);

	private final JobFailures failures = new JobFailures(log, "audit retention");

	private static final int BATCH_SIZE = 1000;

	private final JdbcAuditEventRepository repository;

	private final AuditProperties properties;

	private final Clock clock;

	AuditRetentionJob(JdbcAuditEventRepository repository, AuditProperties properties, Clock clock) {
		this.repository = repository;
		this.properties = properties;
		this.clock = clock;
	}

	void run() {
		try {
			int deleted = deleteExpired();
			if (deleted > 0) {
				log.info("Audit retention deleted {} event(s) older than {}", deleted, this.properties.retention());
			}
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex, "Audit retention failed; it runs again in {}", this.properties.cleanupInterval());
		}
	}

	int deleteExpired() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		int total = 0;
		int deleted;
		do {
			deleted = this.repository.deleteOlderThan(cutoff, BATCH_SIZE);
			total += deleted;
		}
		while (deleted == BATCH_SIZE);
		return total;
	}

}
