package dev.authserver.authorizations;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the authorization tables bounded: every interval, deletes expired authorizations batch by batch, consents of
 * deleted clients and the hashes of expired replaced refresh tokens.
 */
class AuthorizationCleanupJob {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationCleanupJob.class);

	private final JdbcAuthorizationCleanup cleanup;

	private final CleanupProperties properties;

	private final Clock clock;

	AuthorizationCleanupJob(JdbcAuthorizationCleanup cleanup, CleanupProperties properties, Clock clock) {
		this.cleanup = cleanup;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${authserver.cleanup.interval:10m}", fixedDelayString = "${authserver.cleanup.interval:10m}")
	void run() {
		try {
			int deleted = deleteExpired();
			int consents = this.cleanup.deleteConsentsOfDeletedClients();
			int replaced = this.cleanup.deleteExpiredReplacedRefreshTokens(this.clock.instant());
			if (deleted > 0 || consents > 0 || replaced > 0) {
				log.info("Cleanup deleted {} expired authorization(s), {} orphaned consent(s) and {} expired replaced "
						+ "refresh token hash(es)", deleted, consents, replaced);
			}
		}
		catch (RuntimeException ex) {
			log.error("Cleanup of expired authorizations failed; it runs again in {}", this.properties.interval(), ex);
		}
	}

	/** Deletes in batches until a batch comes back short, so each statement stays small. */
	int deleteExpired() {
		Instant cutoff = this.clock.instant().minus(this.properties.expiredFor());
		int total = 0;
		int deleted;
		do {
			deleted = this.cleanup.deleteExpiredAuthorizations(cutoff, this.properties.batchSize());
			total += deleted;
		}
		while (deleted == this.properties.batchSize());
		return total;
	}

}
