package dev.authserver.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts mail requests per client address and mails per account over a fixed window, in
 * the database, so that every instance counts the same. The account's key is a hash: the
 * table names nobody.
 */
class JdbcAccountMailThrottle {

	private static final int MAX_ADDRESS_LENGTH = 45;

	private final JdbcClient jdbc;

	private final AccountProperties properties;

	private final Clock clock;

	JdbcAccountMailThrottle(JdbcClient jdbc, AccountProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** Counts a request from this client address; false once it is over the limit. */
	boolean allowAddress(String address) {
		String key = "address:" + ((address.length() <= MAX_ADDRESS_LENGTH) ? address : OpaqueTokens.hash(address));
		return allow(key, this.properties.mailRequestsPerAddress());
	}

	/** Counts a mail to this account; false once it is over the limit. */
	boolean allowAccount(String username) {
		return allow("account:" + OpaqueTokens.hash(username), this.properties.mailsPerAccount());
	}

	private boolean allow(String key, int limit) {
		Instant now = this.clock.instant();
		this.jdbc.sql("DELETE FROM account_mail_throttle WHERE window_ends_at <= ?")
			.param(Timestamp.from(now))
			.update();
		if (countWithin(key, limit)) {
			return true;
		}
		try {
			this.jdbc.sql("INSERT INTO account_mail_throttle (throttle_key, requests, window_ends_at) VALUES (?, 1, ?)")
				.param(key)
				.param(Timestamp.from(now.plus(this.properties.mailWindow())))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			// The window is open already (at its limit), or another instance opened it
			// at the same moment.
			return countWithin(key, limit);
		}
	}

	private boolean countWithin(String key, int limit) {
		return this.jdbc
			.sql("UPDATE account_mail_throttle SET requests = requests + 1 WHERE throttle_key = ? AND requests < ?")
			.param(key)
			.param(limit)
			.update() == 1;
	}

}
