package dev.authserver.protocol;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The {@code login_hint} (OpenID Connect Core §3.1.2.1) of the authorization request that
 * sends the user to the login form, kept in the session for the login page. It is the
 * hint of the request as it was read, which may be a request object's or a pushed
 * request's (RFC 9101 §6.3), not of the query the request cache keeps.
 */
public final class LoginHint {

	private static final String SESSION_ATTRIBUTE = LoginHint.class.getName();

	private static final String LOGIN_HINT = "login_hint";

	private LoginHint() {
	}

	/**
	 * Remembers the hint of a request on its way to the login form, or that it has none.
	 */
	static void remember(HttpServletRequest request, Map<String, Object> parameters) {
		if (parameters.get(LOGIN_HINT) instanceof String hint && !hint.isBlank()) {
			request.getSession().setAttribute(SESSION_ATTRIBUTE, hint);
			return;
		}
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(SESSION_ATTRIBUTE);
		}
	}

	/** The hint of the request that led to the login form, if it had one. */
	public static Optional<String> of(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof String hint) ? Optional.of(hint)
				: Optional.empty();
	}

}
