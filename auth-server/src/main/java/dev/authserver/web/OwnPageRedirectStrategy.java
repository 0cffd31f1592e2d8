package dev.authserver.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;

/**
 * Redirects to a page of this server by its path and query alone. A request saved while
 * the user signs in is stored as an absolute URL whose host is the one the request named
 * in its {@code Host} (or trusted {@code X-Forwarded-Host}) header, which the caller
 * chooses; sent as it is, the redirect after sign-in could lead to any site. A path keeps
 * the browser on the origin it is on, and Tomcat keeps it relative
 * ({@code server.tomcat.use-relative-redirects}).
 */
public final class OwnPageRedirectStrategy implements RedirectStrategy {

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	@Override
	public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
		this.redirects.sendRedirect(request, response, pathAndQuery(url));
	}

	/**
	 * The path and query of {@code url}; the site's root for what is not a URL of a page
	 * (a path that begins with {@code //} would name a host of its own).
	 */
	public static String pathAndQuery(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "/";
		}
		String path = uri.getRawPath();
		if (path == null || !path.startsWith("/") || path.startsWith("//")) {
			return "/";
		}
		return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
	}

}
