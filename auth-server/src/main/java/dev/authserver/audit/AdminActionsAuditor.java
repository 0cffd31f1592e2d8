package dev.authserver.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.audit.AuditEvent.Outcome;

import org.springframework.http.HttpMethod;
import org.springframework.validation.Errors;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Records every change made through the admin console and the admin API: the admin, the
 * method and path (which name the client, user, token or key concerned) and whether it
 * succeeded. Form fields are not recorded: they can hold passwords.
 */
class AdminActionsAuditor implements HandlerInterceptor {

	private static final String REJECTED = AdminActionsAuditor.class.getName() + ".rejected";

	private final AuditLog auditLog;

	AdminActionsAuditor(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	/**
	 * A form shown again with its errors is a refused change, though its status is 200
	 * like a success.
	 */
	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView modelAndView) {
		if (modelAndView != null && modelAndView.getModel()
			.values()
			.stream()
			.anyMatch((value) -> value instanceof Errors errors && errors.hasErrors())) {
			request.setAttribute(REJECTED, Boolean.TRUE);
		}
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod())) {
			return;
		}
		boolean succeeded = ex == null && response.getStatus() < 400 && request.getAttribute(REJECTED) == null;
		this.auditLog.record(AuditEventType.ADMIN_ACTION, succeeded ? Outcome.SUCCESS : Outcome.FAILURE,
				(request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null, null,
				request.getMethod() + " " + request.getRequestURI());
	}

}
