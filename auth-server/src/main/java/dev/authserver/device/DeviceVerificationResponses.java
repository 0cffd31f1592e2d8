package dev.authserver.device;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;

/**
 * The device verification endpoint's answers as pages of ours: the framework sends a
 * plain 400 with {@code "[code] description"} for every failure and a redirect to
 * {@code /?success} after an approval.
 * <p>
 * A wrong, expired or malformed user code shows the code page again with a sentence the
 * user can act on, counts against the address and the session, and is audited; once
 * either has too many, every user code from it is refused with 429 before it is looked
 * up. A denial and an approval end on the page's result.
 */
class DeviceVerificationResponses {

	private static final Logger log = LoggerFactory.getLogger(DeviceVerificationResponses.class);

	/** Our own error code, never sent to a client: the throttle refused the request. */
	static final String THROTTLED = "too_many_user_codes";

	static final String VERIFY_VIEW = "device/verify";

	private final JdbcUserCodeThrottle throttle;

	private final AuditLog auditLog;

	private final ViewResolver views;

	private final String verificationPage;

	DeviceVerificationResponses(JdbcUserCodeThrottle throttle, AuditLog auditLog, ViewResolver views,
			String verificationPage) {
		this.throttle = throttle;
		this.auditLog = auditLog;
		this.views = views;
		this.verificationPage = verificationPage;
	}

	/**
	 * Runs before the framework's converters: refuses the request of a throttled address
	 * or session, else leaves it to them.
	 */
	AuthenticationConverter throttleCheck() {
		return (request) -> {
			if (this.throttle.isThrottled(request.getRemoteAddr(), sessionId(request))) {
				throw new OAuth2AuthenticationException(new OAuth2Error(THROTTLED));
			}
			return null;
		};
	}

	void approved(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		response.sendRedirect(request.getContextPath() + this.verificationPage + "?result=approved");
	}

	void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException, ServletException {
		OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
		if (THROTTLED.equals(error.getErrorCode())) {
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(this.throttle.retryAfterSeconds()));
			render(request, response, HttpStatus.TOO_MANY_REQUESTS,
					Map.of("error", "Too many wrong codes were entered here. Wait a few minutes, then try again."));
			return;
		}
		if (OAuth2ErrorCodes.ACCESS_DENIED.equals(error.getErrorCode())) {
			response.sendRedirect(request.getContextPath() + this.verificationPage + "?result=denied");
			return;
		}
		if (request.getParameter(OAuth2ParameterNames.STATE) != null) {
			// The approval step: its state is no longer pending (used, expired, another
			// user's) or its form was tampered with.
			log.debug("Refused a device approval: {}", error.getErrorCode());
			render(request, response, HttpStatus.BAD_REQUEST, Map.of("error",
					"This request is no longer waiting for your approval. Start again on your device."));
			return;
		}
		this.throttle.recordFailure(request.getRemoteAddr(), sessionId(request));
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		this.auditLog.record(AuditEventType.USER_CODE_FAILED, Outcome.FAILURE, (user != null) ? user.getName() : null,
				null, error.getErrorCode());
		log.debug("Refused a user code: {}", error.getErrorCode());
		render(request, response, HttpStatus.BAD_REQUEST, Map.of("error",
				"That code is not valid or has expired. Check the code shown on your device and try again."));
	}

	/**
	 * Shows the verification page as its controller would: the framework's filter answers
	 * before any controller, so the view is rendered here.
	 */
	private void render(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			Map<String, ?> model) throws IOException, ServletException {
		try {
			View view = this.views.resolveViewName(VERIFY_VIEW, request.getLocale());
			if (view == null) {
				throw new ServletException("No view " + VERIFY_VIEW);
			}
			response.setStatus(status.value());
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			Map<String, Object> withPage = new HashMap<>(model);
			withPage.put("verificationPage", this.verificationPage);
			view.render(withPage, request, response);
		}
		catch (IOException | ServletException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ServletException(ex);
		}
	}

	private static String sessionId(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null) ? session.getId() : null;
	}

}
