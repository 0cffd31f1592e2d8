package dev.authserver.samples.clientdemo.web;

import java.net.ConnectException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.samples.clientdemo.signin.AuthorizationServerUnavailableException;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;

/**
 * One friendly page for everything that goes wrong: a service that is down, a token that
 * can no longer be refreshed, an API that refused the call. Never a stack trace.
 */
@Controller
class ErrorPageController implements ErrorController {

	@RequestMapping("/error")
	String error(HttpServletRequest request, HttpServletResponse response, Model model) {
		Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus httpStatus = (status instanceof Integer code && HttpStatus.resolve(code) != null)
				? HttpStatus.valueOf(code) : HttpStatus.INTERNAL_SERVER_ERROR;
		if (causedBy(exception, AuthorizationServerUnavailableException.class)
				|| causedBy(exception, ResourceAccessException.class) || causedBy(exception, ConnectException.class)) {
			show(response, model, HttpStatus.SERVICE_UNAVAILABLE, "A service is unavailable",
					"The client demo could not reach the authorization server or the API. Please try again in a moment.");
		}
		else if (causedBy(exception, OAuth2AuthorizationException.class)) {
			show(response, model, HttpStatus.UNAUTHORIZED, "Please sign in again",
					"Your access to the API has ended. Sign out and sign in again to continue.");
		}
		else if (causedBy(exception, HttpClientErrorException.class)) {
			show(response, model, HttpStatus.BAD_GATEWAY, "The API refused the request",
					"The resource server did not accept the call: "
							+ findCause(exception, HttpClientErrorException.class).getStatusText() + ".");
		}
		else if (httpStatus == HttpStatus.NOT_FOUND) {
			show(response, model, httpStatus, "Page not found", "There is nothing at this address.");
		}
		else {
			show(response, model, httpStatus.is5xxServerError() ? HttpStatus.INTERNAL_SERVER_ERROR : httpStatus,
					"Something went wrong", "The request could not be completed. Please try again.");
		}
		return "error";
	}

	private static void show(HttpServletResponse response, Model model, HttpStatus status, String title,
			String message) {
		response.setStatus(status.value());
		model.addAttribute("status", status.value());
		model.addAttribute("title", title);
		model.addAttribute("message", message);
	}

	private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
		return findCause(exception, type) != null;
	}

	private static <T extends Throwable> T findCause(Throwable exception, Class<T> type) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
