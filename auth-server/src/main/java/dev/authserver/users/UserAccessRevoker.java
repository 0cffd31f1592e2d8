package dev.authserver.users;

/**
 * Ends what a user already holds when an admin takes their access away: their login
 * sessions, on every instance (sessions are rows in the database), and the authorizations
 * that clients hold on their behalf. Each session ends through {@link UserSessions}, so
 * its clients are told (back-channel logout).
 * <p>
 * Callers change the account first, so that no new sign-in succeeds. Sessions end next,
 * so that none of them starts another authorization; authorizations go last, so that one
 * a session completed in between goes too.
 */
class UserAccessRevoker {

	private final UserSessions sessions;

	private final JdbcUserAccountRepository accounts;

	UserAccessRevoker(UserSessions sessions, JdbcUserAccountRepository accounts) {
		this.sessions = sessions;
		this.accounts = accounts;
	}

	/**
	 * Signs the user out everywhere and revokes every token issued on their behalf.
	 * @param keptSessionId the session of the request, which stays: an admin who resets
	 * their own password goes on working in the console
	 */
	Ended signOutAndRevokeTokens(String username, String keptSessionId) {
		int sessions = this.sessions.endAll(username, keptSessionId, true);
		return new Ended(sessions, this.accounts.revokeAuthorizations(username));
	}

	/**
	 * Signs the user out everywhere, except in {@code keptSessionId}, and keeps their
	 * tokens.
	 * @return how many live sessions it ended
	 */
	int signOut(String username, String keptSessionId) {
		return this.sessions.endAll(username, keptSessionId, false);
	}

	/**
	 * What was taken away from a user, as the console reports it.
	 */
	record Ended(int sessions, int authorizations) {

		String describe() {
			return "Signed the user out of " + count(this.sessions, "session") + " and revoked the tokens of "
					+ count(this.authorizations, "client authorization") + ".";
		}

		static String count(int count, String noun) {
			return count + " " + noun + ((count == 1) ? "" : "s");
		}

	}

}
