package dev.authserver.sessions;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * After a logout whose session had clients with a {@code frontchannel_logout_uri}, the
 * browser is shown the signed-out page, which loads each of them in an iframe and then
 * goes on to where the logout would have redirected; without such clients, the redirect
 * is sent as before. The page's policy allows frames from exactly those clients' origins
 * (our header writer keeps a policy already set).
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-frontchannel-1_0.html#RPLogout">Front-Channel
 * Logout 1.0 §3</a>
 */
public final class FrontChannelLogoutPage {

	/** Served by {@link FrontChannelLogoutController}. */
	public static final String PATH = "/signed-out";

	private FrontChannelLogoutPage() {
	}

	/**
	 * The sign-out form's success: the login page, which says so.
	 * @param pagePolicy the pages' {@code Content-Security-Policy}, which the page's
	 * {@code frame-src} extends
	 */
	public static LogoutSuccessHandler afterSignOut(String pagePolicy) {
		return (request, response, authentication) -> {
			String loginPage = request.getContextPath() + "/login?logout";
			if (!show(request, response, loginPage, pagePolicy)) {
				response.sendRedirect(loginPage);
			}
		};
	}

	/**
	 * RP-initiated logout's success: the framework's own response (its redirect to the
	 * validated {@code post_logout_redirect_uri}), taken as the page's way on when there
	 * are frames to load.
	 * @param pagePolicy the pages' {@code Content-Security-Policy}, which the page's
	 * {@code frame-src} extends
	 */
	public static AuthenticationSuccessHandler afterRpInitiatedLogout(AuthenticationSuccessHandler logoutResponse,
			String pagePolicy) {
		return (request, response, authentication) -> {
			RedirectCapture capture = new RedirectCapture(response);
			logoutResponse.onAuthenticationSuccess(request, capture, authentication);
			if (capture.location != null && !show(request, response, capture.location, pagePolicy)) {
				response.sendRedirect(capture.location);
			}
		};
	}

	private static boolean show(HttpServletRequest request, HttpServletResponse response, String continueUri,
			String pagePolicy) throws IOException, ServletException {
		@SuppressWarnings("unchecked")
		List<String> uris = (List<String>) request.getAttribute(SessionEndingLogoutHandler.FRONT_CHANNEL_LOGOUT_URIS);
		if (uris == null || uris.isEmpty()) {
			return false;
		}
		String origins = uris.stream().map(FrontChannelLogoutPage::origin).distinct().collect(Collectors.joining(" "));
		response.setHeader("Content-Security-Policy", pagePolicy + "; frame-src " + origins);
		request.setAttribute(SessionEndingLogoutHandler.CONTINUE_URI, continueUri);
		request.getRequestDispatcher(PATH).forward(request, response);
		return true;
	}

	private static String origin(String uri) {
		URI parsed = URI.create(uri);
		return parsed.getScheme() + "://" + parsed.getRawAuthority();
	}

	/** Holds a redirect back, so that the page can be shown instead. */
	private static final class RedirectCapture extends HttpServletResponseWrapper {

		private String location;

		RedirectCapture(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void sendRedirect(String location) {
			this.location = location;
		}

	}

}
