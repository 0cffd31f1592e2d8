package dev.authserver.users;

import io.micrometer.core.instrument.Counter;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in with brute-force protection: a locked account name or client address
 * is refused before its password is checked, and every wrong password counts against
 * both. The refusal looks like any wrong password to the caller, so it reveals neither
 * the lock nor whether the account exists; the audit log and the console show it.
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
		if (this.throttle.lockedUntil(username, address).isPresent()) {
			this.refusals.increment();
			// Exactly this class: the event publisher maps it to a failure event, which
			// reaches metrics and audit.
			throw new LockedException("Too many failed sign-ins: locked for a while");
		}
		try {
			Authentication authenticated = this.passwords.authenticate(authentication);
			this.throttle.recordSuccess(username);
			return authenticated;
		}
		catch (BadCredentialsException ex) {
			this.throttle.recordFailure(username, address);
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
