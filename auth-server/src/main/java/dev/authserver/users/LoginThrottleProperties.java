package dev.authserver.users;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Brute-force protection of sign-ins (the login form and the admin API's HTTP Basic).
 *
 * @param accountFreeFailures failed sign-ins of one account name before each further
 * failure locks it for the addresses it never signed in from; the same number of failed
 * sign-ins of one account name from one address locks that pair
 * @param addressFreeFailures failed sign-ins from one client address before each further
 * failure locks it; higher, since many people may share an address
 * @param firstLock how long the first lock lasts; each further failure doubles it
 * @param maxLock the longest lock
 * @param forgetAfter how long after its last failure an account name or address starts
 * afresh
 * @param knownAddressLifetime how long after its last successful sign-in an address stays
 * known to the account, and so passes the account name's lock with the right password
 */
@Validated
@ConfigurationProperties("authserver.login")
public record LoginThrottleProperties(@DefaultValue("5") @Min(1) int accountFreeFailures,
		@DefaultValue("20") @Min(1) int addressFreeFailures, @DefaultValue("5s") Duration firstLock,
		@DefaultValue("15m") Duration maxLock, @DefaultValue("1h") Duration forgetAfter,
		@DefaultValue("90d") Duration knownAddressLifetime) {

	/**
	 * The lock that the failure numbered {@code failures} sets, when more than
	 * {@code freeFailures}.
	 */
	Duration lockAfter(int failures, int freeFailures) {
		int doublings = Math.min(failures - freeFailures - 1, 30);
		Duration lock = this.firstLock.multipliedBy(1L << doublings);
		return (lock.compareTo(this.maxLock) > 0) ? this.maxLock : lock;
	}

}
