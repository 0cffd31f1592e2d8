package dev.authserver.sessions;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import dev.authserver.protocol.GrantingSession;
import dev.authserver.protocol.SignInFactors;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.session.SessionFixationProtectionEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Notes in the session, at a sign-in at the login form, when and from where it happened,
 * for the session lists of the console and the account page. Plain strings and numbers,
 * so the stored session stays readable whatever changes in our classes. The sign-in time
 * is the one ID tokens carry as {@code auth_time} ({@link SignInFactors}): when the
 * password was checked.
 * <p>
 * A sign-in gives the session a new id, against session fixation, after the
 * authentication: its {@code sid} changes with it. The clients the session had (a user
 * who signs in again for {@code prompt=login} or {@code max_age}) move to the new
 * {@code sid}, so that its logout still reaches them; and the notes go again into the
 * session, which is a new one when another user signed in
 * ({@code protocol.SignInSessionStrategy}).
 */
class SignInRecorder {

	static final String SIGNED_IN_AT = SignInRecorder.class.getName() + ".SIGNED_IN_AT";

	static final String ADDRESS = SignInRecorder.class.getName() + ".ADDRESS";

	static final String BROWSER = SignInRecorder.class.getName() + ".BROWSER";

	private static final int MAX_BROWSER_LENGTH = 200;

	private final JdbcSessionClients sessionClients;

	private final Clock clock;

	SignInRecorder(JdbcSessionClients sessionClients, Clock clock) {
		this.sessionClients = sessionClients;
		this.clock = clock;
	}

	@EventListener
	void onSignIn(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken) {
			record(event.getAuthentication());
		}
	}

	@EventListener
	void onNewSessionId(SessionFixationProtectionEvent event) {
		this.sessionClients.move(GrantingSession.sidOf(event.getOldSessionId()),
				GrantingSession.sidOf(event.getNewSessionId()));
		record(event.getAuthentication());
	}

	private void record(Authentication authentication) {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return;
		}
		HttpServletRequest request = attributes.getRequest();
		// The login form's session; HTTP Basic on the stateless admin API has none.
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		session.setAttribute(SIGNED_IN_AT,
				SignInFactors.signedInAt(authentication).orElseGet(this.clock::instant).toEpochMilli());
		session.setAttribute(ADDRESS, request.getRemoteAddr());
		String browser = request.getHeader("User-Agent");
		if (browser != null) {
			session.setAttribute(BROWSER,
					(browser.length() > MAX_BROWSER_LENGTH) ? browser.substring(0, MAX_BROWSER_LENGTH) : browser);
		}
	}

}
