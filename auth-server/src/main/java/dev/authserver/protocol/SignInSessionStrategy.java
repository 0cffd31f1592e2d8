package dev.authserver.protocol;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionFixationProtectionStrategy;

/**
 * What a sign-in at the login form does to the session: a new session id, as Spring
 * Security's default does against session fixation; and when someone else than the
 * signed-in user signs in (from the login form a {@code prompt=login} or {@code max_age}
 * request leads to, say), a new session altogether, which keeps only the pending
 * authorization request and nothing of the first user's. The first user's session ends
 * then, as if they had signed out: their clients hear of it and their refresh tokens of
 * that session stop working.
 */
public final class SignInSessionStrategy implements SessionAuthenticationStrategy {

	private final SecurityContextHolderStrategy securityContexts = SecurityContextHolder.getContextHolderStrategy();

	private final ChangeSessionIdAuthenticationStrategy sameUser = new ChangeSessionIdAuthenticationStrategy();

	private final NewSessionStrategy otherUser = new NewSessionStrategy();

	private final LogoutHandler replacedUserSignOut;

	/**
	 * @param events where both strategies publish their
	 * {@code SessionFixationProtectionEvent}, as the default strategy Spring Security
	 * configures does
	 * @param replacedUserSignOut ends the session of the user whom another one's sign-in
	 * replaces, given that user's authentication, before the session goes
	 */
	public SignInSessionStrategy(ApplicationEventPublisher events, LogoutHandler replacedUserSignOut) {
		this.sameUser.setApplicationEventPublisher(events);
		this.otherUser.setApplicationEventPublisher(events);
		this.replacedUserSignOut = replacedUserSignOut;
	}

	@Override
	public void onAuthentication(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		// Still the session's user: the filter replaces it after this strategy has run.
		Authentication current = this.securityContexts.getContext().getAuthentication();
		if (SignInFactors.isSignedIn(current) && !current.getName().equals(authentication.getName())) {
			this.replacedUserSignOut.logout(request, response, current);
			this.otherUser.onAuthentication(authentication, request, response);
		}
		else {
			this.sameUser.onAuthentication(authentication, request, response);
		}
	}

	/**
	 * Spring Security's new-session strategy keeps the attributes named
	 * {@code SPRING_SECURITY_*} (the saved request among them); this one also keeps the
	 * pending forced sign-in, which the new user's sign-in satisfies.
	 */
	private static final class NewSessionStrategy extends SessionFixationProtectionStrategy {

		NewSessionStrategy() {
			setMigrateSessionAttributes(false);
		}

		@Override
		protected Map<String, Object> extractAttributes(HttpSession session) {
			Map<String, Object> attributes = super.extractAttributes(session);
			Object pending = session.getAttribute(SignInRequirementsFilter.FRESH_SIGN_IN_ATTRIBUTE);
			if (pending != null) {
				attributes.put(SignInRequirementsFilter.FRESH_SIGN_IN_ATTRIBUTE, pending);
			}
			return attributes;
		}

	}

}
