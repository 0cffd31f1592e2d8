package dev.authserver.keys;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready only with a signing key: without one the server can issue no token, so the load
 * balancer should not send it any. Reports the active {@code kid}, never key material.
 */
class SigningKeysHealthIndicator implements HealthIndicator {

	private final SigningKeyRing ring;

	SigningKeysHealthIndicator(SigningKeyRing ring) {
		this.ring = ring;
	}

	@Override
	public Health health() {
		String activeKid = this.ring.activeKid();
		return (activeKid != null) ? Health.up().withDetail("activeKid", activeKid).build()
				: Health.down().withDetail("reason", "no active signing key").build();
	}

}
