package dev.authserver.device;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts wrong user codes per client address and per sign-in session over a fixed window,
 * in the database, so that every instance counts the same failures.
 * <p>
 * With 20 letters in 8 places a user code has 2.56e10 values; a guesser allowed 20
 * failures every 15 minutes from an address, while codes live minutes, finds a live code
 * of some other user only with the help of millions of addresses and as many live codes.
 * Sessions are counted on their own so that one browser cannot spread its guesses behind
 * a shared address's free failures.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8628#section-5.1">RFC 8628 §5.1</a>
 */
class JdbcUserCodeThrottle {

	private static final String ADDRESS = "address:";

	private static final String SESSION = "session:";

	private static final int MAX_ADDRESS_LENGTH = 45;

	private final JdbcClient jdbc;

	private final DeviceProperties properties;

	private final Clock clock;

	JdbcUserCodeThrottle(JdbcClient jdbc, DeviceProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Whether user codes from this address, or this session (null when there is none),
	 * are refused now.
	 */
	boolean isThrottled(String address, String sessionId) {
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Count> counts = this.jdbc.sql(
				"SELECT throttle_key, failures FROM user_code_throttle WHERE throttle_key IN (?, ?) AND window_ends_at > ?")
			.param(addressKey(address))
			.param(sessionKey(sessionId))
			.param(now)
			.query((rs, row) -> new Count(rs.getString(1), rs.getInt(2)))
			.list();
		return counts.stream()
			.anyMatch((count) -> count.failures() >= (count.key().startsWith(ADDRESS)
					? this.properties.addressFreeFailures() : this.properties.sessionFreeFailures()));
	}

	void recordFailure(String address, String sessionId) {
		Instant now = this.clock.instant();
		this.jdbc.sql("DELETE FROM user_code_throttle WHERE window_ends_at <= ?").param(Timestamp.from(now)).update();
		count(addressKey(address), now);
		if (sessionId != null) {
			count(sessionKey(sessionId), now);
		}
	}

	/** How long a refused address or session waits at most. */
	long retryAfterSeconds() {
		return this.properties.failureWindow().toSeconds();
	}

	private void count(String key, Instant now) {
		int counted = this.jdbc.sql("UPDATE user_code_throttle SET failures = failures + 1 WHERE throttle_key = ?")
			.param(key)
			.update();
		if (counted == 1) {
			return;
		}
		try {
			this.jdbc.sql("INSERT INTO user_code_throttle (throttle_key, failures, window_ends_at) VALUES (?, 1, ?)")
				.param(key)
				.param(Timestamp.from(now.plus(this.properties.failureWindow())))
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Another instance counted the first failure at the same moment.
			this.jdbc.sql("UPDATE user_code_throttle SET failures = failures + 1 WHERE throttle_key = ?")
				.param(key)
				.update();
		}
	}

	/**
	 * An address as the request names it: an IP address (IPv6 at most 45 characters), or
	 * whatever a forwarded header from a trusted proxy said, which is hashed when longer,
	 * so that it fits the key and still counts.
	 */
	private static String addressKey(String address) {
		return ADDRESS + ((address.length() <= MAX_ADDRESS_LENGTH) ? address : OpaqueTokens.hash(address));
	}

	/**
	 * A session id is a credential: only its hash is stored. A request without a session
	 * matches no row.
	 */
	private static String sessionKey(String sessionId) {
		return SESSION + ((sessionId != null) ? OpaqueTokens.hash(sessionId) : "");
	}

	private record Count(String key, int failures) {
	}

}
