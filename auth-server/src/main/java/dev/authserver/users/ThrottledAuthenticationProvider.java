package dev.authserver.users;

import io.micrometer.core.instrument.Counter;

import dev.authserver.availability.DatabaseUnavailable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in with brute-force protection: every wrong password counts against the
 * account name, the client address and the pair of both, and a locked sign-in is refused
 * even with the right password. The password is checked all the same, against the stored
 * hash or, for a name without an account, the framework's dummy hash of the same cost: so
 * the refusal looks like any wrong password to the caller, in its answer and in its time,
 * and reveals neither the lock nor whether the account exists. The audit log and the
 * console show it.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider passwords;

	private final JdbcLoginThrottle throttle;

	private final Counter refusals;

	ThrottledAuthenticationProvider(AuthenticationProvider passwords, JdbcLoginThrottle throttle, Counter refusals) {
		this.passwords = passwords;
		this.throttle = throttle;
		this.refusals = refusals;
	}

	/**
	 * Longer names belong to no account; cut, they still count, and fit the throttle's
	 * key.
	 */
	private static final int MAX_USERNAME_LENGTH = 200;

	@Override
	public Authentication authenticate(Authentication authentication) {
		String name = authentication.getName();
		String username = (name.length() > MAX_USERNAME_LENGTH) ? name.substring(0, MAX_USERNAME_LENGTH) : name;
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) ? details.getRemoteAddress() : "unknown";
		boolean locked = this.throttle.lockedUntil(username, address).isPresent();
		Authentication authenticated;
		try {
			authenticated = this.passwords.authenticate(authentication);
		}
		catch (BadCredentialsException ex) {
			// Counted while locked too, as the same work as any other wrong password.
			this.throttle.recordFailure(username, address);
			throw locked ? refused() : ex;
		}
		catch (InternalAuthenticationServiceException ex) {
			// The account could not be read: not a failed sign-in but an unreachable
			// database, which the form login would take for a wrong password.
			if (DatabaseUnavailable.causedBy(ex) && ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
		if (locked) {
			throw refused();
		}
		this.throttle.recordSuccess(username, address);
		return authenticated;
	}

	/**
	 * Exactly this class: the event publisher maps it to a failure event, which reaches
	 * metrics and audit.
	 */
	private LockedException refused() {
		this.refusals.increment();
		return new LockedException("Too many failed sign-ins: locked for a while");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
