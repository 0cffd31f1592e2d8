package dev.authserver.device;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When each device last polled for its pending authorization, and the interval it must
 * keep, on the authorization's row: every instance sees every poll.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8628#section-3.5">RFC 8628 §3.5</a>
 */
class JdbcDeviceCodePolls {

	/** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds". */
	static final Duration SLOW_DOWN_INCREASE = Duration.ofSeconds(5);

	private final JdbcClient jdbc;

	private final Duration interval;

	private final Clock clock;

	JdbcDeviceCodePolls(JdbcClient jdbc, Duration interval, Clock clock) {
		this.jdbc = jdbc;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Records a poll of the pending authorization and answers whether it came too soon
	 * after the last one; if so, the interval grows by 5 seconds. Two polls at once on
	 * two instances: the conditional update lets one of them through.
	 */
	boolean tooSoon(String authorizationId) {
		Integer stored = this.jdbc.sql("SELECT device_code_interval FROM oauth2_authorization WHERE id = ?")
			.param(authorizationId)
			.query(Integer.class)
			.optional()
			.orElse(null);
		long seconds = (stored != null) ? stored : this.interval.toSeconds();
		Instant now = this.clock.instant();
		int kept = this.jdbc.sql("""
				UPDATE oauth2_authorization SET device_code_polled_at = ?
				WHERE id = ? AND (device_code_polled_at IS NULL OR device_code_polled_at <= ?)""")
			.param(Timestamp.from(now))
			.param(authorizationId)
			.param(Timestamp.from(now.minusSeconds(seconds)))
			.update();
		if (kept == 1) {
			return false;
		}
		this.jdbc
			.sql("UPDATE oauth2_authorization SET device_code_polled_at = ?, device_code_interval = ? WHERE id = ?")
			.param(Timestamp.from(now))
			.param((int) (seconds + SLOW_DOWN_INCREASE.toSeconds()))
			.param(authorizationId)
			.update();
		return true;
	}

}
