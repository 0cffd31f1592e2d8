package dev.authserver.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.audit.AuditEvent.Outcome;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * The revocation endpoint's answer, RFC 7009 §2.2's empty 200 as the framework sends it,
 * once the revocation is in the audit log with the client and its
 * {@code token_type_hint}.
 */
public class TokenRevocationAuditor implements AuthenticationSuccessHandler {

	private final AuditLog auditLog;

	public TokenRevocationAuditor(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken revoked = (OAuth2TokenRevocationAuthenticationToken) authentication;
		this.auditLog.record(AuditEventType.TOKEN_REVOKED, Outcome.SUCCESS, revoked.getName(), revoked.getName(),
				(revoked.getTokenTypeHint() != null) ? "token_type_hint=" + revoked.getTokenTypeHint() : null);
		response.setStatus(HttpStatus.OK.value());
	}

}
