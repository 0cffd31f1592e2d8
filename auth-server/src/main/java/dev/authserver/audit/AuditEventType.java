package dev.authserver.audit;

/**
 * What happened. The names are stored, so renaming one is a migration.
 */
public enum AuditEventType {

	/** A sign-in at the login form (or HTTP Basic on the admin API). */
	LOGIN,

	LOGOUT,

	/**
	 * A sign-in session ended (logout, sign-out, ended by an admin or the user, access
	 * revoked): its refresh tokens revoked and its clients told.
	 */
	SESSION_ENDED,

	/** A client's back-channel logout URI accepted a logout token. */
	LOGOUT_DELIVERED,

	/**
	 * A back-channel logout token was not accepted: once for each failed attempt, and
	 * given up after the last.
	 */
	LOGOUT_DELIVERY_FAILED,

	/**
	 * A client failed to authenticate at a protocol endpoint; successes show as the
	 * tokens they obtain.
	 */
	CLIENT_AUTHENTICATION,

	/**
	 * A user code entered at the device verification page was wrong, expired or malformed
	 * (RFC 8628 §5.1); the code itself is not recorded.
	 */
	USER_CODE_FAILED,

	/**
	 * A user confirmed a one-time-code (TOTP) authenticator: it counts as their second
	 * factor from now on.
	 */
	SECOND_FACTOR_ENROLLED,

	/** A user removed their one-time-code authenticator and recovery codes. */
	SECOND_FACTOR_REMOVED,

	/**
	 * An admin removed a user's second factors, which ended the user's sessions; the
	 * detail names the user.
	 */
	SECOND_FACTOR_RESET,

	/**
	 * A code at the second step of a sign-in (or a step-up): success, or a wrong code;
	 * the code itself is not recorded.
	 */
	SECOND_FACTOR,

	/** A second-factor code refused because too many wrong ones locked it for a while. */
	SECOND_FACTOR_LOCKED,

	/** A recovery code was used up instead of a one-time code. */
	RECOVERY_CODE_USED,

	/** A user's recovery codes were replaced by ten new ones. */
	RECOVERY_CODES_GENERATED,

	CONSENT_GRANTED,

	CONSENT_REVOKED,

	TOKEN_ISSUED,

	/** A refresh token was used and replaced by a new one. */
	REFRESH_ROTATED,

	/** A replaced refresh token was presented again: the grant was revoked. */
	REFRESH_REUSE_DETECTED,

	TOKEN_REVOKED,

	/**
	 * A token exchange (RFC 8693): the subject, the client, its actor and the audience,
	 * or the error it was refused with; never a token.
	 */
	TOKEN_EXCHANGED,

	/**
	 * A client asked about a token that is neither its own nor meant for a resource
	 * server it introspects for, and was answered {@code active: false}.
	 */
	INTROSPECTION_REFUSED,

	CLIENT_REGISTERED,

	CLIENT_UPDATED,

	CLIENT_DELETED,

	CLIENT_SECRET_ROTATED,

	KEY_ROTATED,

	KEY_REVOKED,

	/** A user changed their own password on the account page, with the current one. */
	PASSWORD_CHANGED,

	/**
	 * A password reset link was mailed to an account's address; requests that send
	 * nothing (unknown address, throttled) are not recorded, nor the address typed.
	 */
	PASSWORD_RESET_REQUESTED,

	/** A password was set through a reset link: every session ended, tokens revoked. */
	PASSWORD_RESET,

	/** A user changed their name or asked to change their email on the account page. */
	PROFILE_UPDATED,

	/**
	 * A user opened the link mailed to a new address (email change or registration): the
	 * address is theirs.
	 */
	EMAIL_VERIFIED,

	/**
	 * Someone registered an account themselves; it signs in once its email is verified.
	 */
	ACCOUNT_REGISTERED,
	/** A user registered a passkey on their account page. */
	PASSKEY_REGISTERED,

	/**
	 * A sign-in with a passkey at the login page; a failure names no account, as the
	 * passkey did not prove one.
	 */
	PASSKEY_SIGN_IN,

	PASSKEY_RENAMED,

	/** A passkey removed, by its user or an admin: the user's other sessions ended. */
	PASSKEY_REMOVED,

	/** Any change made in the admin console or the admin API, by request path. */
	ADMIN_ACTION

}
