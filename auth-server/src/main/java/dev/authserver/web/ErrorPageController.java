package dev.authserver.web;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import dev.authserver.protocol.OAuth2ErrorPage;
import dev.authserver.protocol.ProtocolPaths;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The one place errors are rendered: a friendly page for browsers, a small JSON body for
 * everyone else, with an RFC 6749 §5.2 code at the protocol endpoints. It never shows a
 * stack trace, an exception class or SQL. What the container refuses before the
 * application sees it gets the same answers from {@link ContainerErrorReportValve}.
 * <p>
 * A request that cannot go back to its client (an unknown client, an unregistered
 * {@code redirect_uri}) comes with its {@link OAuth2Error} in the
 * {@link OAuth2ErrorPage#ERROR_ATTRIBUTE} request attribute.
 */
@Controller
class ErrorPageController implements ErrorController {

	private final ProtocolPaths protocolPaths;

	ErrorPageController(AuthorizationServerSettings settings) {
		this.protocolPaths = ProtocolPaths.of(settings);
	}

	@RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
	String errorPage(HttpServletRequest request, Model model) {
		ErrorDetails details = details(request);
		model.addAttribute("status", details.status().value());
		model.addAttribute("title", details.title());
		model.addAttribute("message", details.message());
		model.addAttribute("errorCode", details.oauthError());
		return "error";
	}

	@RequestMapping("/error")
	ResponseEntity<Map<String, Object>> errorBody(HttpServletRequest request) {
		ErrorDetails details = details(request);
		return ResponseEntity.status(details.status()).contentType(MediaType.APPLICATION_JSON).body(details.body());
	}

	private ErrorDetails details(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		String oauthError = (request.getAttribute(OAuth2ErrorPage.ERROR_ATTRIBUTE) instanceof OAuth2Error error)
				? error.getErrorCode() : null;
		boolean protocolEndpoint = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path
				&& this.protocolPaths.isEndpoint(path);
		return ErrorDetails.of((code instanceof Integer value) ? value : 500, oauthError, protocolEndpoint);
	}

}
