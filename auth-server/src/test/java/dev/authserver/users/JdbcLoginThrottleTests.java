package dev.authserver.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The throttle's counting on the real schema, with a clock the test moves: locks that
 * double up to the maximum, addresses counted apart from account names, the account
 * name's lock passed by addresses it signed in from, and failures forgotten after a
 * while.
 */
@JdbcTest
class JdbcLoginThrottleTests {

	private static final LoginThrottleProperties PROPERTIES = new LoginThrottleProperties(3, 5, Duration.ofSeconds(5),
			Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofDays(30));

	@Autowired
	JdbcClient jdbc;

	Instant now = Instant.parse("2026-06-01T12:00:00Z");

	JdbcLoginThrottle throttle;

	@BeforeEach
	void throttle() {
		this.jdbc.sql("DELETE FROM login_throttle").update();
		this.jdbc.sql("DELETE FROM login_known_address").update();
		this.throttle = new JdbcLoginThrottle(this.jdbc, PROPERTIES, new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneId.of("UTC");
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return JdbcLoginThrottleTests.this.now;
			}

		});
	}

	@Test
	void lockAfterWhenFailuresGoOnThenTheLockDoublesUpToTheMaximum() {
		assertThat(PROPERTIES.lockAfter(4, 3)).isEqualTo(Duration.ofSeconds(5));
		assertThat(PROPERTIES.lockAfter(5, 3)).isEqualTo(Duration.ofSeconds(10));
		assertThat(PROPERTIES.lockAfter(6, 3)).isEqualTo(Duration.ofSeconds(20));
		assertThat(PROPERTIES.lockAfter(7, 3)).isEqualTo(Duration.ofSeconds(30));
		assertThat(PROPERTIES.lockAfter(1_000, 3)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void recordFailureWhenOneAddressTriesManyNamesThenTheAddressIsLockedForEveryName() {
		for (int i = 0; i < 6; i++) {
			this.throttle.recordFailure("name-" + i, "203.0.113.7");
		}

		assertThat(this.throttle.lockedUntil("someone-else", "203.0.113.7")).contains(this.now.plusSeconds(5));
		assertThat(this.throttle.lockedUntil("someone-else", "198.51.100.1")).isEmpty();
		assertThat(this.throttle.locks()).singleElement().satisfies((lock) -> {
			assertThat(lock.address()).isTrue();
			assertThat(lock.name()).isEqualTo("203.0.113.7");
		});
		assertThat(this.throttle.clearAddress("203.0.113.7")).isTrue();
		assertThat(this.throttle.lockedUntil("someone-else", "203.0.113.7")).isEmpty();
	}

	@Test
	void recordFailureWhenTheLastOneIsOlderThanForgetAfterThenCountingStartsAgain() {
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure("alice", "192.0.2." + i);
		}
		assertThat(this.throttle.lockedUntil("alice", "192.0.2.99")).isPresent();

		this.now = this.now.plus(Duration.ofHours(2));
		this.throttle.recordFailure("alice", "192.0.2.99");

		assertThat(this.throttle.lockedUntil("alice", "192.0.2.99")).isEmpty();
		this.throttle.forgetOldFailures();
		assertThat(this.jdbc.sql("SELECT failures FROM login_throttle WHERE throttle_key = 'account:alice'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void lockedUntilWhenOtherAddressesLockedTheAccountThenOnlyAddressesItSignedInFromPass() {
		this.throttle.recordSuccess("bob", "192.0.2.1");
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure("bob", "198.51.100." + i);
		}

		assertThat(this.throttle.lockOf("bob")).isPresent();
		assertThat(this.throttle.lockedUntil("bob", "192.0.2.1")).as("known").isEmpty();
		assertThat(this.throttle.lockedUntil("bob", "192.0.2.2")).as("unknown").contains(this.now.plusSeconds(5));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM login_known_address WHERE address_key LIKE '%192.0.2.1%'")
			.query(Integer.class)
			.single()).as("stored hashed").isZero();

		this.now = this.now.plus(Duration.ofDays(31));
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure("bob", "198.51.100." + i);
		}
		assertThat(this.throttle.lockedUntil("bob", "192.0.2.1")).as("known too long ago").isPresent();
		this.throttle.forgetOldKnownAddresses();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM login_known_address").query(Integer.class).single()).isZero();
	}

	@Test
	void lockedUntilWhenAKnownAddressFailedTooOftenThenThePairIsLockedAndClearingTheAccountLiftsIt() {
		this.throttle.recordSuccess("carol", "192.0.2.1");
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure("carol", "192.0.2.1");
		}

		assertThat(this.throttle.lockedUntil("carol", "192.0.2.1")).contains(this.now.plusSeconds(5));
		assertThat(this.throttle.locks()).as("pairs are not listed").singleElement().satisfies((lock) -> {
			assertThat(lock.name()).isEqualTo("carol");
			assertThat(lock.address()).isFalse();
		});
		assertThat(this.throttle.clear("carol")).isTrue();
		assertThat(this.throttle.lockedUntil("carol", "192.0.2.1")).isEmpty();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM login_throttle WHERE throttle_key LIKE 'pair:%'")
			.query(Integer.class)
			.single()).isZero();
	}

}
