package dev.authserver.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The sign-in session an authorization was granted in, by its {@code sid}: the
 * framework's own hash of the session id (base64url SHA-256, as
 * {@code OAuth2AuthorizationCodeAuthenticationProvider} and
 * {@code OidcLogoutAuthenticationProvider} compute it), so that an ID token names its
 * session without carrying the cookie's value.
 * <p>
 * The authorization endpoint writes it into the authorization when it issues a code
 * ({@link GrantingSessionRecorder}), and the ID token of that code names it. The
 * framework names instead the user's most recently used session, when it redeems the
 * code: with the user signed in on two browsers, the other one's, whose sign-out would
 * then end the wrong session.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-frontchannel-1_0.html#ClaimsContents">Front-Channel
 * Logout §3</a> the sid claim
 */
public final class GrantingSession {

	/** The authorization attribute that holds the {@code sid}. */
	static final String SID_ATTRIBUTE = "dev.authserver.sid";

	private GrantingSession() {
	}

	/** The {@code sid} of the session with this id. */
	public static String sidOf(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * The {@code sid} of the session the authorization was granted in; none for grants
	 * without a browser, and for codes issued before this server recorded it.
	 */
	public static Optional<String> sidOf(OAuth2Authorization authorization) {
		return Optional.ofNullable(authorization.getAttribute(SID_ATTRIBUTE));
	}

}
