package dev.authserver.users;

/**
 * Ends a user's sign-in sessions, as the sessions feature does it (telling their clients
 * by back-channel logout); implemented there, so that this package need not know it.
 */
public interface UserSessions {

	/**
	 * Ends every session of the user except {@code keptSessionId}.
	 * @param accessRevoked whether the user's access was taken away (their tokens go
	 * too), rather than their roles changed (their tokens stay)
	 * @return how many live sessions it ended
	 */
	int endAll(String username, String keptSessionId, boolean accessRevoked);

}
