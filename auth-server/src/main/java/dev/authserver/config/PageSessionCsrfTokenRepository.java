package dev.authserver.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Keeps the CSRF token in the session, as the framework's default does, but opens a
 * session for a new token only on a request that may show it in a page (a GET of the
 * login page), never on one that the CSRF check is about to refuse.
 * <p>
 * A post that finds no token in the session cannot pass the check, yet
 * {@code RepositoryDeferredCsrfToken.init()} generates a token to compare and saves it,
 * which creates a session, and the 403 then carries a new session cookie. A browser sends
 * no {@code SameSite=Lax} cookie with another site's post, so that cookie would replace
 * the victim's: any page on the web could sign an administrator out.
 */
final class PageSessionCsrfTokenRepository implements CsrfTokenRepository {

	private final HttpSessionCsrfTokenRepository sessionTokens = new HttpSessionCsrfTokenRepository();

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return this.sessionTokens.generateToken(request);
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token != null && request.getSession(false) == null && CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)) {
			return;
		}
		this.sessionTokens.saveToken(token, request, response);
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return this.sessionTokens.loadToken(request);
	}

}
