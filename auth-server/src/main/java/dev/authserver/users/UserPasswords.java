package dev.authserver.users;

import dev.authserver.users.UserAccessRevoker.Ended;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The passwords users set themselves, on the account page or through a reset link: the
 * check of the current one, and a new one stored hashed with what it ends.
 */
public class UserPasswords {

	private static final Logger log = LoggerFactory.getLogger(UserPasswords.class);

	private final JdbcUserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final UserSessions sessions;

	private final UserAccessRevoker access;

	private final JdbcLoginThrottle loginThrottle;

	UserPasswords(JdbcUserAccountRepository accounts, PasswordEncoder passwordEncoder, UserSessions sessions,
			UserAccessRevoker access, JdbcLoginThrottle loginThrottle) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.sessions = sessions;
		this.access = access;
		this.loginThrottle = loginThrottle;
	}

	/** Whether {@code password} is the account's password. */
	public boolean matches(String username, String password) {
		return this.accounts.findByUsername(username)
			.map((account) -> this.passwordEncoder.matches(password, account.passwordHash()))
			.orElse(false);
	}

	/**
	 * Sets the password the signed-in user chose and ends their other sessions (with
	 * their refresh tokens), where someone who knew the old password may still be signed
	 * in.
	 * @return how many live sessions it ended
	 */
	public int change(String username, String newPassword, String keptSessionId) {
		this.accounts.updatePasswordHash(username, this.passwordEncoder.encode(newPassword));
		int ended = this.sessions.endAll(username, keptSessionId, true);
		log.info("Password of user {} changed by the user, {} other sessions signed out", username, ended);
		return ended;
	}

	/**
	 * Sets the password chosen through a reset link, ends every session of the user and
	 * revokes every token issued on their behalf: whoever had the old password keeps
	 * nothing, as after an admin's reset. The account's sign-in lock goes too: it kept
	 * guessers from the old password, and the owner who proved their mailbox must be able
	 * to sign in with the new one (locks of client addresses stay).
	 * @return how many live sessions it ended
	 */
	public int reset(String username, String newPassword) {
		this.accounts.updatePasswordHash(username, this.passwordEncoder.encode(newPassword));
		this.loginThrottle.clear(username);
		Ended ended = this.access.signOutAndRevokeTokens(username, null);
		log.info("Password of user {} reset through a mailed link, {} sessions signed out and {} authorizations "
				+ "revoked", username, ended.sessions(), ended.authorizations());
		return ended.sessions();
	}

}
