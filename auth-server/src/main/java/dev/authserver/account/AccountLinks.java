package dev.authserver.account;

import java.util.List;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;

/**
 * Mails the single-use links of the account pages, each counted against the account's
 * and, for anonymous requests, the client address's limit.
 */
class AccountLinks {

	/** An address shared by more accounts than this gets links for the first ones. */
	private static final int MAX_ACCOUNTS_PER_EMAIL = 5;

	private final JdbcUserAccountRepository accounts;

	private final JdbcAccountTokens tokens;

	private final JdbcAccountMailThrottle throttle;

	private final AccountMail mail;

	private final AccountProperties properties;

	private final AuditLog auditLog;

	AccountLinks(JdbcUserAccountRepository accounts, JdbcAccountTokens tokens, JdbcAccountMailThrottle throttle,
			AccountMail mail, AccountProperties properties, AuditLog auditLog) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.throttle = throttle;
		this.mail = mail;
		this.properties = properties;
		this.auditLog = auditLog;
	}

	/**
	 * Mails a reset link to each enabled account with this address, unless the address or
	 * the account is over its limit. The caller answers the same in every case, and this
	 * returns nothing that could tell them apart.
	 */
	void requestPasswordReset(String email, String clientAddress) {
		if (!this.throttle.allowAddress(clientAddress)) {
			return;
		}
		List<UserAccount> found = this.accounts.findEnabledByEmail(email, MAX_ACCOUNTS_PER_EMAIL);
		for (UserAccount account : found) {
			if (!this.throttle.allowAccount(account.username())) {
				this.auditLog.record(AuditEventType.PASSWORD_RESET_REQUESTED, Outcome.FAILURE, account.username(), null,
						"throttled");
				continue;
			}
			String token = this.tokens.issue(AccountTokenPurpose.PASSWORD_RESET, account.username(), null,
					this.properties.resetLinkLifetime());
			this.mail.sendPasswordReset(account.username(), account.email(), token);
			this.auditLog.record(AuditEventType.PASSWORD_RESET_REQUESTED, Outcome.SUCCESS, account.username(), null,
					"link mailed");
		}
	}

	/**
	 * Mails a link that makes {@code email} the account's address once opened.
	 * @return false when the account has had its mails for now, and nothing was sent
	 */
	boolean requestEmailChange(String username, String email) {
		if (!this.throttle.allowAccount(username)) {
			return false;
		}
		String token = this.tokens.issue(AccountTokenPurpose.EMAIL_CHANGE, username, email,
				this.properties.verificationLinkLifetime());
		this.mail.sendEmailVerification(username, email, token, false);
		return true;
	}

	/**
	 * Whether a registration from this client address may go on.
	 */
	boolean allowRegistration(String clientAddress) {
		return this.throttle.allowAddress(clientAddress);
	}

	/** Mails the link that enables a self-registered account. */
	void requestRegistrationVerification(String username, String email) {
		this.throttle.allowAccount(username);
		String token = this.tokens.issue(AccountTokenPurpose.REGISTRATION, username, email,
				this.properties.verificationLinkLifetime());
		this.mail.sendEmailVerification(username, email, token, true);
	}

}
