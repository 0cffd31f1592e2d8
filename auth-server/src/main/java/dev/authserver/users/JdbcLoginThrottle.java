package dev.authserver.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts failed sign-ins per account name, per client address and per pair of both in the
 * database, and remembers the addresses each account signed in from, so that every
 * instance behind a load balancer sees the same counts, locks and known addresses. The
 * account name's lock holds only for addresses it never signed in from: failures from
 * elsewhere do not lock its owner out (OWASP ASVS v4.0.3 §2.2.1), while the pair's lock
 * still holds for a guesser at a known address.
 */
public class JdbcLoginThrottle {

	private static final String ACCOUNT = "account:";

	private static final String ADDRESS = "address:";

	/**
	 * Wrong second-factor codes of an account, counted apart from its passwords: the
	 * guesser knows the password, so neither a known address nor a right password lifts
	 * this lock.
	 */
	private static final String SECOND_FACTOR = "second-factor:";

	/**
	 * Followed by the account name's hash, so that {@link #clear} finds an account's
	 * pairs by prefix whatever characters its name holds.
	 */
	private static final String PAIR = "pair:";

	private final JdbcClient jdbc;

	private final LoginThrottleProperties properties;

	private final Clock clock;

	JdbcLoginThrottle(JdbcClient jdbc, LoginThrottleProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Until when sign-ins of this account name from this address are refused, if they are
	 * now: by the lock of the address, of the pair, or of the account name unless the
	 * account signed in from this address before.
	 */
	Optional<Instant> lockedUntil(String username, String address) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbc.sql("""
				SELECT MAX(locked_until) FROM login_throttle WHERE locked_until > ? AND (throttle_key IN (?, ?)
				OR (throttle_key = ? AND NOT EXISTS (
					SELECT 1 FROM login_known_address WHERE address_key = ? AND last_sign_in_at > ?)))""")
			.param(now)
			.param(ADDRESS + address)
			.param(pairKey(username, address))
			.param(ACCOUNT + username)
			.param(knownAddressKey(username, address))
			.param(Timestamp.from(this.clock.instant().minus(this.properties.knownAddressLifetime())))
			.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
			.single();
	}

	void recordFailure(String username, String address) {
		recordFailure(ACCOUNT + username, this.properties.accountFreeFailures());
		recordFailure(pairKey(username, address), this.properties.accountFreeFailures());
		recordFailure(ADDRESS + address, this.properties.addressFreeFailures());
	}

	/**
	 * A successful sign-in starts the pair afresh and makes the address known to the
	 * account. The account name keeps its count: one address's success does not undo
	 * other addresses' failures. The address keeps its count too, shared with others.
	 */
	void recordSuccess(String username, String address) {
		delete(pairKey(username, address));
		Timestamp now = Timestamp.from(this.clock.instant());
		String key = knownAddressKey(username, address);
		int updated = this.jdbc.sql("UPDATE login_known_address SET last_sign_in_at = ? WHERE address_key = ?")
			.param(now)
			.param(key)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("INSERT INTO login_known_address (address_key, last_sign_in_at) VALUES (?, ?)")
					.param(key)
					.param(now)
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Another instance remembered the same address at the same moment.
			}
		}
	}

	/**
	 * Until when second-factor codes of this account are refused, if they are now.
	 */
	public Optional<Instant> secondFactorLockedUntil(String username) {
		return this.jdbc.sql("SELECT locked_until FROM login_throttle WHERE throttle_key = ? AND locked_until > ?")
			.param(SECOND_FACTOR + username)
			.param(Timestamp.from(this.clock.instant()))
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.optional();
	}

	/**
	 * Counts a wrong second-factor code of this account; after {@code freeFailures} of
	 * them each further one locks its second factor, doubling as for passwords.
	 */
	public void recordSecondFactorFailure(String username, int freeFailures) {
		recordFailure(SECOND_FACTOR + username, freeFailures);
	}

	/** A right second-factor code starts the count afresh. */
	public void recordSecondFactorSuccess(String username) {
		delete(SECOND_FACTOR + username);
	}

	/**
	 * Lifts the locks of an account name, from every address, and of its second factor,
	 * and forgets its failures; returns whether there was anything to clear.
	 */
	public boolean clear(String username) {
		return this.jdbc.sql("DELETE FROM login_throttle WHERE throttle_key IN (?, ?) OR throttle_key LIKE ?")
			.param(ACCOUNT + username)
			.param(SECOND_FACTOR + username)
			.param(PAIR + OpaqueTokens.hash(username) + ":%")
			.update() > 0;
	}

	/** Lifts the lock of a client address and forgets its failures. */
	public boolean clearAddress(String address) {
		return delete(ADDRESS + address);
	}

	/**
	 * The account names and addresses locked now, the longest-locked first. Pairs and
	 * second factors are left out: clearing the account name clears them.
	 */
	public List<Lock> locks() {
		return this.jdbc.sql("""
				SELECT throttle_key, failures, locked_until FROM login_throttle
				WHERE locked_until > ? AND throttle_key NOT LIKE 'pair:%' AND throttle_key NOT LIKE 'second-factor:%'
				ORDER BY locked_until DESC""")
			.param(Timestamp.from(this.clock.instant()))
			.query(JdbcLoginThrottle::lock)
			.list();
	}

	/** The lock of this account name, if it is locked now. */
	public Optional<Lock> lockOf(String username) {
		return this.jdbc.sql(
				"SELECT throttle_key, failures, locked_until FROM login_throttle WHERE throttle_key = ? AND locked_until > ?")
			.param(ACCOUNT + username)
			.param(Timestamp.from(this.clock.instant()))
			.query(JdbcLoginThrottle::lock)
			.optional();
	}

	/**
	 * Forgets names and addresses whose last failure is older than the forget-after
	 * period.
	 */
	void forgetOldFailures() {
		this.jdbc.sql("DELETE FROM login_throttle WHERE last_failure_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(this.properties.forgetAfter())))
			.update();
	}

	/** Forgets addresses that have not signed in for the known-address lifetime. */
	void forgetOldKnownAddresses() {
		this.jdbc.sql("DELETE FROM login_known_address WHERE last_sign_in_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(this.properties.knownAddressLifetime())))
			.update();
	}

	/**
	 * Counts one failure, forgetting earlier ones past the forget-after period, and locks
	 * the key when it has failed more than {@code freeFailures} times. Two instances
	 * counting at once may lose a count: the lock comes one failure later, which is
	 * harmless.
	 */
	private void recordFailure(String key, int freeFailures) {
		Instant now = this.clock.instant();
		Instant forgotten = now.minus(this.properties.forgetAfter());
		int failures = this.jdbc
			.sql("""
					SELECT CASE WHEN last_failure_at < ? THEN 0 ELSE failures END FROM login_throttle WHERE throttle_key = ?""")
			.param(Timestamp.from(forgotten))
			.param(key)
			.query(Integer.class)
			.optional()
			.orElse(0) + 1;
		Timestamp lockedUntil = (failures > freeFailures)
				? Timestamp.from(now.plus(this.properties.lockAfter(failures, freeFailures))) : null;
		int updated = this.jdbc
			.sql("UPDATE login_throttle SET failures = ?, last_failure_at = ?, locked_until = ? WHERE throttle_key = ?")
			.param(failures)
			.param(Timestamp.from(now))
			.param(lockedUntil)
			.param(key)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql(
						"INSERT INTO login_throttle (throttle_key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)")
					.param(key)
					.param(failures)
					.param(Timestamp.from(now))
					.param(lockedUntil)
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Another request counted the first failure at the same moment: this one
				// is lost, harmlessly.
			}
		}
	}

	private static String pairKey(String username, String address) {
		return PAIR + OpaqueTokens.hash(username) + ":" + address;
	}

	/** Addresses hold no line feed, so no two pairs hash the same text. */
	private static String knownAddressKey(String username, String address) {
		return OpaqueTokens.hash(username + "\n" + address);
	}

	private boolean delete(String key) {
		return this.jdbc.sql("DELETE FROM login_throttle WHERE throttle_key = ?").param(key).update() > 0;
	}

	private static Lock lock(ResultSet rs, int row) throws SQLException {
		String key = rs.getString("throttle_key");
		boolean address = key.startsWith(ADDRESS);
		return new Lock(key.substring(address ? ADDRESS.length() : ACCOUNT.length()), address, rs.getInt("failures"),
				rs.getTimestamp("locked_until").toInstant());
	}

	/**
	 * A locked account name or address.
	 *
	 * @param address true for a client address, false for an account name
	 */
	public record Lock(String name, boolean address, int failures, Instant lockedUntil) {
	}

}
