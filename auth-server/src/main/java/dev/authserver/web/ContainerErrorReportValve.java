package dev.authserver.web;

import java.io.IOException;
import java.io.Writer;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import dev.authserver.protocol.OAuth2ErrorResponses;
import dev.authserver.protocol.ProtocolPaths;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.util.HtmlUtils;

/**
 * Tomcat's error report, for what Tomcat answers itself before the application sees the
 * request (headers beyond {@code server.max-http-request-header-size}, a malformed
 * request line or header, an HTTP version it does not speak, {@code CONNECT}, an
 * {@code Expect} it cannot meet) and for any error the application's error page did not
 * render: the same answers as {@link ErrorPageController}'s instead of Tomcat's HTML. The
 * token, introspection, revocation and registration endpoints answer RFC 6749 §5.2's JSON
 * whatever the request accepts; other requests get the error page when they accept
 * {@code text/html}, as a browser does (or when Tomcat could not read their headers), and
 * JSON otherwise, with RFC 6749 codes at the protocol endpoints.
 * <p>
 * The page is static HTML: Tomcat calls this outside the application, where neither
 * Thymeleaf nor Spring Security's headers run. It writes only what a status means, never
 * the container's message or exception.
 */
class ContainerErrorReportValve extends ErrorReportValve {

	private static final String PAGE_SECURITY_POLICY = "default-src 'none'; style-src 'self'; "
			+ "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

	private final ProtocolPaths protocolPaths;

	ContainerErrorReportValve(ProtocolPaths protocolPaths) {
		this.protocolPaths = protocolPaths;
		setShowReport(false);
		setShowServerInfo(false);
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's own report: nothing for a success, nor for an answer already
		// written, nor twice.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		// The path as sent: for a request whose headers could not be read, Tomcat has
		// parsed its request line but mapped it nowhere.
		String path = (request.getRequestURI() != null) ? request.getRequestURI() : "";
		ErrorDetails details = ErrorDetails.of(status, null, this.protocolPaths.isEndpoint(path));
		try {
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setHeader("X-Content-Type-Options", "nosniff");
			if (!this.protocolPaths.answersJsonOnly(path) && (acceptsHtml(request) || headersUnread(request))) {
				writePage(response, details);
			}
			else {
				OAuth2ErrorResponses.send(response, HttpStatus.valueOf(status),
						new OAuth2Error(details.errorCode(), details.message(), null));
			}
			response.finishResponse();
		}
		catch (IOException | RuntimeException ex) {
			// The client is gone or the response broken: nothing more to tell it.
			container.getLogger().debug("Could not write the error report", ex);
		}
	}

	/**
	 * Whether Tomcat refused the request before it read its headers (a request line too
	 * long or malformed): every HTTP/1.1 request names its {@code Host}, and a request
	 * without one that Tomcat read is refused with 400 too. Nothing says what the client
	 * accepts then, and the one who reads the answer is most likely a browser sent to a
	 * URL that outgrew the bound.
	 */
	private static boolean headersUnread(Request request) {
		return request.getHeader(HttpHeaders.HOST) == null;
	}

	/**
	 * As {@link ErrorPageController} chooses its page: {@code text/html} named, not only
	 * matched by a wildcard.
	 */
	private static boolean acceptsHtml(Request request) {
		Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT);
		while (accepts != null && accepts.hasMoreElements()) {
			for (String type : accepts.nextElement().split(",")) {
				String mediaType = type.split(";")[0].strip();
				if (MediaType.TEXT_HTML_VALUE.equalsIgnoreCase(mediaType)) {
					return true;
				}
			}
		}
		return false;
	}

	private static void writePage(Response response, ErrorDetails details) throws IOException {
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Content-Security-Policy", PAGE_SECURITY_POLICY);
		response.setHeader("X-Frame-Options", "DENY");
		Writer writer = response.getReporter();
		if (writer != null) {
			writer.write(page(details));
		}
	}

	/** The markup of templates/error.html, without the parts that need Thymeleaf. */
	static String page(ErrorDetails details) {
		String title = HtmlUtils.htmlEscape(details.title());
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				    <meta charset="utf-8">
				    <meta name="viewport" content="width=device-width, initial-scale=1">
				    <title>%1$s · Auth Server</title>
				    <link rel="stylesheet" href="/css/site.css">
				</head>
				<body>
				<header class="site-header">
				    <span class="brand">Auth Server</span>
				</header>
				<main class="card">
				    <h1 id="error-title">%1$s</h1>
				    <p id="error-message">%2$s</p>
				    <p class="hint">HTTP status %3$d</p>
				</main>
				<footer class="site-footer">
				    <span>OAuth 2.0 / OpenID Connect authorization server</span>
				</footer>
				</body>
				</html>
				""".formatted(title, HtmlUtils.htmlEscape(details.message()), details.status().value());
	}

}
