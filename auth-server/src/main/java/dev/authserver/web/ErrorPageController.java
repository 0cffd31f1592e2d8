package dev.authserver.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import dev.authserver.protocol.OAuth2ErrorPage;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The one place errors are rendered: a friendly page for browsers, a small JSON body for
 * everyone else. It never shows a stack trace, an exception class or SQL.
 * <p>
 * A request that cannot go back to its client (an unknown client, an unregistered
 * {@code redirect_uri}) comes with its {@link OAuth2Error} in the
 * {@link OAuth2ErrorPage#ERROR_ATTRIBUTE} request attribute.
 */
@Controller
class ErrorPageController implements ErrorController {

	@RequestMapping(value = "/error", produces = MediaType.TEXT_HTML_VALUE)
	String errorPage(HttpServletRequest request, Model model) {
		ErrorDetails details = ErrorDetails.of(request);
		model.addAttribute("status", details.status().value());
		model.addAttribute("title", details.title());
		model.addAttribute("message", details.message());
		model.addAttribute("errorCode", details.oauthError());
		return "error";
	}

	@RequestMapping("/error")
	ResponseEntity<Map<String, Object>> errorBody(HttpServletRequest request) {
		ErrorDetails details = ErrorDetails.of(request);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", (details.oauthError() != null) ? details.oauthError()
				: details.status().getReasonPhrase().toLowerCase().replace(' ', '_'));
		body.put("error_description", details.message());
		return ResponseEntity.status(details.status()).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private record ErrorDetails(HttpStatus status, String oauthError, String title, String message) {

		static ErrorDetails of(HttpServletRequest request) {
			Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			HttpStatus status = (code instanceof Integer value && HttpStatus.resolve(value) != null)
					? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
			String oauthError = (request.getAttribute(OAuth2ErrorPage.ERROR_ATTRIBUTE) instanceof OAuth2Error error)
					? error.getErrorCode() : null;
			return new ErrorDetails(status, oauthError, title(status, oauthError), sentence(status, oauthError));
		}

		private static String title(HttpStatus status, String oauthError) {
			if ("access_denied".equals(oauthError)) {
				return "Access declined";
			}
			if (oauthError != null || status == HttpStatus.BAD_REQUEST) {
				return "This sign-in request is not valid";
			}
			return switch (status) {
				case NOT_FOUND -> "Page not found";
				case FORBIDDEN -> "Access denied";
				case UNAUTHORIZED -> "Sign-in required";
				default -> status.is5xxServerError() ? "Something went wrong" : status.getReasonPhrase();
			};
		}

		private static String sentence(HttpStatus status, String oauthError) {
			if ("access_denied".equals(oauthError)) {
				return "You declined access.";
			}
			if (oauthError != null || status == HttpStatus.BAD_REQUEST) {
				return "The application that sent you here made a request this server cannot accept. "
						+ "Go back to the application and try again; if it keeps happening, tell its developers.";
			}
			return switch (status) {
				case NOT_FOUND -> "There is nothing at this address.";
				case FORBIDDEN -> "You do not have permission to see this page.";
				case UNAUTHORIZED -> "Please sign in and try again.";
				default -> status.is5xxServerError()
						? "The server could not complete your request. Please try again in a moment."
						: "The request could not be completed.";
			};
		}

	}

}
