package dev.authserver.authorizations;

import java.time.Clock;
import java.time.Instant;
import java.util.function.IntUnaryOperator;

import dev.authserver.clients.JdbcUsedClientAssertions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the authorization tables bounded: every interval, deletes expired authorizations batch by batch (the hashes
 * of their replaced refresh tokens go with them), consents of deleted clients and the expired {@code jti} of used
 * client assertions.
 */
class AuthorizationCleanupJob {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationCleanupJob.class);

	private final JdbcAuthorizationCleanup cleanup;

	private final JdbcUsedClientAssertions usedClientAssertions;

	private final CleanupProperties properties;

	private final Clock clock;

	AuthorizationCleanupJob(JdbcAuthorizationCleanup cleanup, JdbcUsedClientAssertions usedClientAssertions,
			CleanupProperties properties, Clock clock) {
		this.cleanup = cleanup;
		this.usedClientAssertions = usedClientAssertions;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${authserver.cleanup.interval:10m}", fixedDelayString = "${authserver.cleanup.interval:10m}")
	void run() {
		try {
			int deleted = deleteExpired();
			int consents = this.cleanup.deleteConsentsOfDeletedClients();
			int assertions = deleteExpiredClientAssertions();
			if (deleted > 0 || consents > 0 || assertions > 0) {
				log.info("Cleanup deleted {} expired authorization(s) (with the hashes of their replaced refresh "
						+ "tokens), {} orphaned consent(s) and {} expired client assertion jti(s)", deleted, consents,
						assertions);
			}
		}
		catch (RuntimeException ex) {
			log.error("Cleanup of expired authorizations failed; it runs again in {}", this.properties.interval(), ex);
		}
	}

	int deleteExpired() {
		Instant cutoff = this.clock.instant().minus(this.properties.expiredFor());
		return inBatches((batchSize) -> this.cleanup.deleteExpiredAuthorizations(cutoff, batchSize));
	}

	/** A used jti is kept only as long as its assertion could be presented, so none waits for expired-for. */
	int deleteExpiredClientAssertions() {
		Instant now = this.clock.instant();
		return inBatches((batchSize) -> this.usedClientAssertions.deleteExpired(now, batchSize));
	}

	/** Deletes in batches until a batch comes back short, so each statement stays small. */
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
