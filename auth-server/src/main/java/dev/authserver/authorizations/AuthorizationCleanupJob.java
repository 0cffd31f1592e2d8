package dev.authserver.authorizations;

import java.time.Clock;
import java.time.Instant;
import java.util.function.IntUnaryOperator;

import dev.authserver.clients.JdbcUsedClientAssertions;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the authorization tables bounded: every interval, deletes expired authorizations batch by batch (the hashes
 * of their replaced refresh tokens go with them), consents of deleted clients, the expired {@code jti} of used
 * client assertions and initial access tokens that can no longer register a client, unless a registered client
 * still takes its scope limit from one.
 */
class AuthorizationCleanupJob {

	private static final Logger log = LoggerFactory.getLogger(AuthorizationCleanupJob.class);

	private final JdbcAuthorizationCleanup cleanup;

	private final JdbcUsedClientAssertions usedClientAssertions;

	private final JdbcInitialAccessTokenRepository initialAccessTokens;

	private final CleanupProperties properties;

	private final Clock clock;

	AuthorizationCleanupJob(JdbcAuthorizationCleanup cleanup, JdbcUsedClientAssertions usedClientAssertions,
			JdbcInitialAccessTokenRepository initialAccessTokens, CleanupProperties properties, Clock clock) {
		this.cleanup = cleanup;
		this.usedClientAssertions = usedClientAssertions;
		this.initialAccessTokens = initialAccessTokens;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${authserver.cleanup.interval:10m}", fixedDelayString = "${authserver.cleanup.interval:10m}")
	void run() {
		try {
			int deleted = deleteExpired();
			int consents = this.cleanup.deleteConsentsOfDeletedClients();
			int assertions = deleteExpiredClientAssertions();
			int initialAccessTokens = deleteUnusableInitialAccessTokens();
			if (deleted > 0 || consents > 0 || assertions > 0 || initialAccessTokens > 0) {
				log.info("Cleanup deleted {} expired authorization(s) (with the hashes of their replaced refresh "
						+ "tokens), {} orphaned consent(s), {} expired client assertion jti(s) and {} unusable "
						+ "initial access token(s)", deleted, consents, assertions, initialAccessTokens);
			}
		}
		catch (RuntimeException ex) {
			log.error("Cleanup of expired authorizations failed; it runs again in {}", this.properties.interval(), ex);
		}
	}

	int deleteExpired() {
		Instant cutoff = cutoff();
		return inBatches((batchSize) -> this.cleanup.deleteExpiredAuthorizations(cutoff, batchSize));
	}

	/** A used jti is kept only as long as its assertion could be presented, so none waits for expired-for. */
	int deleteExpiredClientAssertions() {
		Instant now = this.clock.instant();
		return inBatches((batchSize) -> this.usedClientAssertions.deleteExpired(now, batchSize));
	}

	/**
	 * With the authorizations' cutoff, so the console still shows a token that expired lately; a revoked or used-up
	 * token records no time of its own, so it goes once it was created before the cutoff.
	 */
	int deleteUnusableInitialAccessTokens() {
		Instant cutoff = cutoff();
		return inBatches((batchSize) -> this.initialAccessTokens.deleteUnusable(cutoff, batchSize));
	}

	private Instant cutoff() {
		return this.clock.instant().minus(this.properties.expiredFor());
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
