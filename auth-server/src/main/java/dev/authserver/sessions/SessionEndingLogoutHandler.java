package dev.authserver.sessions;

import java.util.List;

import dev.authserver.protocol.GrantingSession;
import dev.authserver.sessions.SessionTermination.Ended;
import dev.authserver.sessions.SessionTermination.Reason;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.util.StringUtils;

/**
 * Ends the session through {@link SessionTermination} at the two logouts a browser makes:
 * the sign-out form ({@code /logout}, as a {@link LogoutHandler}, which runs before the
 * framework's own handlers invalidate the session) and RP-initiated logout
 * ({@code /connect/logout}). What the logout page must load in the browser (front-channel
 * logout) is left in a request attribute.
 */
public class SessionEndingLogoutHandler implements LogoutHandler {

	/** The request attribute holding the front-channel logout URIs, a list. */
	public static final String FRONT_CHANNEL_LOGOUT_URIS = SessionEndingLogoutHandler.class.getName()
			+ ".FRONT_CHANNEL_LOGOUT_URIS";

	/** The request attribute holding where the signed-out page goes on to. */
	public static final String CONTINUE_URI = SessionEndingLogoutHandler.class.getName() + ".CONTINUE_URI";

	private final SessionTermination termination;

	SessionEndingLogoutHandler(SessionTermination termination) {
		this.termination = termination;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		HttpSession session = request.getSession(false);
		if (session == null || authentication == null) {
			return;
		}
		remember(request, this.termination.end(authentication.getName(), GrantingSession.sidOf(session.getId()),
				Reason.SIGN_OUT, null));
	}

	/**
	 * Ends the browser's session of a user whom another user's sign-in replaces there: a
	 * sign-out the user did not ask for, with no signed-out page to load front-channel
	 * URIs; the back channel still tells each client.
	 */
	public void endReplaced(HttpServletRequest request, HttpServletResponse response, Authentication replaced) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			this.termination.end(replaced.getName(), GrantingSession.sidOf(session.getId()), Reason.REPLACED, null);
		}
	}

	/**
	 * Ends the session of an RP-initiated logout the framework has accepted: the
	 * browser's own session when the user is signed in (the framework has checked that
	 * the ID token's {@code sid} names it), else the one the ID token names, so that a
	 * client can end a session whose cookie is gone and still have its refresh tokens
	 * revoked. The client that asked is not notified.
	 * @see <a href=
	 * "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout">RP-Initiated
	 * Logout 1.0 §2</a>
	 */
	public void endRequestedBy(OidcLogoutAuthenticationToken logout, HttpServletRequest request) {
		OidcIdToken idToken = logout.getIdToken();
		HttpSession session = request.getSession(false);
		String sid;
		String username;
		if (logout.isPrincipalAuthenticated() && session != null) {
			sid = GrantingSession.sidOf(session.getId());
			username = ((Authentication) logout.getPrincipal()).getName();
		}
		else {
			sid = idToken.getClaimAsString("sid");
			username = idToken.getSubject();
		}
		if (!StringUtils.hasText(sid) || !StringUtils.hasText(username)) {
			return;
		}
		List<String> audience = idToken.getAudience();
		String clientId = StringUtils.hasText(logout.getClientId()) ? logout.getClientId()
				: (audience.isEmpty() ? null : audience.get(0));
		remember(request, this.termination.end(username, sid, Reason.RP_LOGOUT, clientId));
	}

	private static void remember(HttpServletRequest request, Ended ended) {
		request.setAttribute(FRONT_CHANNEL_LOGOUT_URIS, ended.frontChannelLogoutUris());
	}

}
