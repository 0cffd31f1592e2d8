package dev.authserver.keys;

import dev.authserver.availability.JobFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check interval, applies the rotations that are due and reloads the key ring, on
 * every instance ({@link KeysConfig} schedules it from
 * {@code authserver.keys.check-interval}).
 */
class SigningKeyScheduler {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyScheduler.class);

	private final JobFailures failures = new JobFailures(log, "signing key rotation check");

	private final SigningKeyRotator rotator;

	private final SigningKeyRing ring;

	SigningKeyScheduler(SigningKeyRotator rotator, SigningKeyRing ring) {
		this.rotator = rotator;
		this.ring = ring;
	}

	void advanceAndReload() {
		try {
			this.rotator.advance();
			this.ring.reload();
		}
		catch (RuntimeException ex) {
			// The ring keeps its keys, so signing goes on; an operator must look at the
			// database.
			this.failures.failed(ex, "Signing key rotation failed; still signing with kid={}", this.ring.activeKid());
		}
	}

}
