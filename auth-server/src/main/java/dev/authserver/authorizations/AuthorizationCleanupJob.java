package dev.authserver.authorizations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.IntUnaryOperator;

import dev.authserver.availability.JobFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Keeps the authorization tables bounded: every interval, deletes expired authorizations
 * batch by batch (the hashes of their replaced refresh tokens go with them), consents of
 * deleted clients, and, through each {@link CleanupTask}, what other features say nobody
 * can use any more (used client assertions, initial access tokens).
 */
class AuthorizationCleanupJob implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationCleanupJob.class);

	private final JobFailures failures = new JobFailures(log, "cleanup of expired authorizations");

	private final JdbcAuthorizationCleanup cleanup;

	private final List<CleanupTask> tasks;

	private final CleanupProperties properties;

	private final Clock clock;

	AuthorizationCleanupJob(JdbcAuthorizationCleanup cleanup, List<CleanupTask> tasks, CleanupProperties properties,
			Clock clock) {
		this.cleanup = cleanup;
		this.tasks = tasks;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar
			.addFixedDelayTask(new FixedDelayTask(this::run, this.properties.interval(), this.properties.interval()));
	}

	void run() {
		try {
			int deleted = deleteExpired();
			int consents = this.cleanup.deleteConsentsOfDeletedClients();
			StringBuilder others = new StringBuilder();
			boolean any = deleted > 0 || consents > 0;
			for (CleanupTask task : this.tasks) {
				int rows = delete(task);
				any |= rows > 0;
				others.append(", ").append(rows).append(' ').append(task.rows());
			}
			if (any) {
				log.info("Cleanup deleted {} expired authorization(s) (with the hashes of their replaced refresh "
						+ "tokens), {} orphaned consent(s){}", deleted, consents, others);
			}
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex, "Cleanup of expired authorizations failed; it runs again in {}",
					this.properties.interval());
		}
	}

	int deleteExpired() {
		Instant cutoff = cutoff();
		return inBatches((batchSize) -> this.cleanup.deleteExpiredAuthorizations(cutoff, batchSize));
	}

	int delete(CleanupTask task) {
		Instant now = this.clock.instant();
		Instant cutoff = cutoff();
		return inBatches((batchSize) -> task.deleteBatch(now, cutoff, batchSize));
	}

	private Instant cutoff() {
		return this.clock.instant().minus(this.properties.expiredFor());
	}

	/**
	 * Deletes in batches until a batch comes back short, so each statement stays small.
	 */
	private int inBatches(IntUnaryOperator deleteBatch) {
		int total = 0;
		int deleted;
		do {
			deleted = deleteBatch.applyAsInt(this.properties.batchSize());
			total += deleted;
		}
		while (deleted == this.properties.batchSize());
		return total;
	}

}
