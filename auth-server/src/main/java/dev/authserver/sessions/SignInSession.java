package dev.authserver.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A user's sign-in session as the console and the account page show it: named by its
 * {@code sid}, never by the session id, which is the session cookie's value.
 *
 * @param sid the {@code sid} claim of the ID tokens issued in it
 * @param signedInAt when the user signed in (the session's creation when not recorded)
 * @param address the address the user signed in from, as the server saw it
 * @param browser the {@code User-Agent} of the sign-in, shortened
 * @param clientIds the clients that received tokens in it, first one first
 * @param current whether it is the session of the request that lists it
 */
public record SignInSession(String sid, Instant signedInAt, Instant lastUsedAt, String address, String browser,
		List<String> clientIds, boolean current) {

}
