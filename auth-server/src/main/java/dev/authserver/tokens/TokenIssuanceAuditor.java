package dev.authserver.tokens;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Records each access token issued, for whom (the user, or the client itself) and by
 * which grant, and each refresh token replaced by a refresh grant. The token's value is
 * never recorded; its {@code jti} identifies it.
 */
class TokenIssuanceAuditor implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final AuditLog auditLog;

	TokenIssuanceAuditor(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		RegisteredClient client = context.getRegisteredClient();
		String subject = context.getPrincipal().getName();
		AuthorizationGrantType grantType = context.getAuthorizationGrantType();
		this.auditLog.record(AuditEventType.TOKEN_ISSUED, Outcome.SUCCESS, subject, client.getClientId(),
				"grant_type=" + grantType.getValue() + " jti=" + context.getClaims().build().getId());
		// Every refresh grant replaces the refresh token: no client reuses them here.
		if (AuthorizationGrantType.REFRESH_TOKEN.equals(grantType)) {
			this.auditLog.record(AuditEventType.REFRESH_ROTATED, Outcome.SUCCESS, subject, client.getClientId(), null);
		}
	}

}
