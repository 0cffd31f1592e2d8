package dev.authserver.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
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

	/**
	 * The {@code sid} of a session: the framework's own hash of the session id (base64url
	 * SHA-256, as {@code OAuth2AuthorizationCodeAuthenticationProvider} and
	 * {@code OidcLogoutAuthenticationProvider} compute it), so that an ID token names its
	 * session without carrying the cookie's value.
	 * @see <a href=
	 * "https://openid.net/specs/openid-connect-frontchannel-1_0.html#ClaimsContents">Front-Channel
	 * Logout §3</a> the sid claim
	 */
	public static String sidOf(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
