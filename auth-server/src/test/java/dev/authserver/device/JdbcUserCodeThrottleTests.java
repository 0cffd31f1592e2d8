package dev.authserver.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.authserver.AuthServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The user code throttle on the test server's database, with limits of its own: the
 * server's are set high so that the many tests from 127.0.0.1 pass.
 */
@AuthServerTest
class JdbcUserCodeThrottleTests {

	private static final DeviceProperties LIMITS = new DeviceProperties(Duration.ofSeconds(5), 3, 2,
			Duration.ofMinutes(15));

	@Autowired
	JdbcClient jdbc;

	@Test
	void isThrottledWhenAnAddressFailedItsFreeFailuresThenRefusedFromAnySessionUntilTheWindowEnds() {
		Instant now = Instant.now();
		JdbcUserCodeThrottle throttle = new JdbcUserCodeThrottle(this.jdbc, LIMITS, Clock.fixed(now, ZoneOffset.UTC));
		String address = "198.51.100." + (1 + Math.floorMod(UUID.randomUUID().hashCode(), 250));
		this.jdbc.sql("DELETE FROM user_code_throttle WHERE throttle_key = ?").param("address:" + address).update();

		for (int session = 0; session < 3; session++) {
			assertThat(throttle.isThrottled(address, "session-" + session)).isFalse();
			throttle.recordFailure(address, "session-" + UUID.randomUUID());
		}

		assertThat(throttle.isThrottled(address, "a-new-session")).isTrue();
		assertThat(throttle.isThrottled("203.0.113.9", "a-new-session")).as("another address").isFalse();
		JdbcUserCodeThrottle later = new JdbcUserCodeThrottle(this.jdbc, LIMITS,
				Clock.fixed(now.plus(Duration.ofMinutes(15)).plusSeconds(1), ZoneOffset.UTC));
		assertThat(later.isThrottled(address, "a-new-session")).as("after the window").isFalse();
	}

	@Test
	void isThrottledWhenASessionFailedItsFreeFailuresThenRefusedFromAnyAddressAndItsIdIsNotStored() {
		JdbcUserCodeThrottle throttle = new JdbcUserCodeThrottle(this.jdbc, LIMITS, Clock.systemUTC());
		String session = "session-" + UUID.randomUUID();

		throttle.recordFailure("192.0.2.1", session);
		throttle.recordFailure("192.0.2.2", session);

		assertThat(throttle.isThrottled("192.0.2.3", session)).isTrue();
		assertThat(throttle.isThrottled("192.0.2.3", null)).as("without a session").isFalse();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM user_code_throttle WHERE throttle_key LIKE ?")
			.param("%" + session + "%")
			.query(Long.class)
			.single()).isZero();
	}

	/**
	 * A forwarded address from a trusted proxy can be any text: a long one still counts,
	 * under its hash, rather than fail the request.
	 */
	@Test
	void recordFailureWhenTheAddressIsLongerThanAnyIpAddressThenItCountsUnderItsHash() {
		JdbcUserCodeThrottle throttle = new JdbcUserCodeThrottle(this.jdbc, LIMITS, Clock.systemUTC());
		String address = "forged-" + UUID.randomUUID() + "x".repeat(400);

		for (int failure = 0; failure < 3; failure++) {
			throttle.recordFailure(address, null);
		}

		assertThat(throttle.isThrottled(address, null)).isTrue();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM user_code_throttle WHERE throttle_key LIKE ?")
			.param("%" + address.substring(0, 40) + "%")
			.query(Long.class)
			.single()).isZero();
	}

}
