package dev.authserver.protocol;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Writes an authorization response in the form post response mode: an HTML page whose
 * form posts the response's parameters to the client's redirect URI, submitted by a
 * script as the page loads, or by the user where scripts do not run.
 * <p>
 * The page's script is inline, against the house rule, because the mode is defined that
 * way and the page must stand alone: it is the only content of the response, served by
 * the protocol chain rather than the pages' one. The policy allows that one script by a
 * nonce drawn for each response and nothing else. It has no {@code form-action}: the
 * form's target is the redirect URI, validated by then, and putting a client's URI into a
 * header's syntax would need escaping rules of its own.
 *
 * @see <a href=
 * "https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html#FormPostResponseMode">OAuth
 * 2.0 Form Post Response Mode §2</a>
 */
final class FormPostResponses {

	private static final String TEMPLATE = "form-post";

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'nonce-%s'; "
			+ "base-uri 'none'; frame-ancestors 'none'";

	private final SecureRandom random = new SecureRandom();

	private final ITemplateEngine templates;

	FormPostResponses(ITemplateEngine templates) {
		this.templates = templates;
	}

	/**
	 * Sends the page. The template's context is a plain one, not the web request's, so no
	 * request data processor (which adds the CSRF token to forms) sees this form: its
	 * fields go to the client.
	 * @param parameters the response's parameters in the order they are posted; the
	 * template escapes them
	 */
	void send(HttpServletResponse response, String redirectUri, Map<String, String> parameters) throws IOException {
		String nonce = nonce();
		Context context = new Context(Locale.ROOT);
		context.setVariable("redirectUri", redirectUri);
		context.setVariable("parameters", parameters);
		context.setVariable("nonce", nonce);
		String page = this.templates.process(TEMPLATE, context);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding("UTF-8");
		// The page holds a code or an error for one client: no cache may keep it (Form
		// Post Response Mode §2, as RFC 6749 §5.1 for tokens).
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY.formatted(nonce));
		response.setHeader("Referrer-Policy", "no-referrer");
		response.getWriter().write(page);
	}

	private String nonce() {
		byte[] bytes = new byte[18];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
