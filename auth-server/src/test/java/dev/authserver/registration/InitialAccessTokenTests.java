package dev.authserver.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class InitialAccessTokenTests {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	@Test
	void stateWhenUsableThenActive() {
		assertThat(token(null, 5, false, NOW.plusSeconds(1)).state(NOW)).isEqualTo("active");
		assertThat(token(2, 1, false, NOW.plusSeconds(1)).state(NOW)).isEqualTo("active");
	}

	@Test
	void stateWhenEveryUseIsTakenThenUsedUp() {
		assertThat(token(1, 1, false, NOW.plus(Duration.ofDays(1))).state(NOW)).isEqualTo("used up");
	}

	@Test
	void stateWhenExpiryIsReachedThenExpired() {
		assertThat(token(null, 0, false, NOW).state(NOW)).isEqualTo("expired");
	}

	@Test
	void stateWhenRevokedThenRevokedWhateverElseHolds() {
		assertThat(token(1, 1, true, NOW.minusSeconds(1)).state(NOW)).isEqualTo("revoked");
	}

	private static InitialAccessToken token(Integer maxUses, int uses, boolean revoked, Instant expiresAt) {
		return new InitialAccessToken("id", "test", Set.of(), Set.of(), maxUses, uses, expiresAt, revoked,
				NOW.minusSeconds(60), "admin");
	}

}
