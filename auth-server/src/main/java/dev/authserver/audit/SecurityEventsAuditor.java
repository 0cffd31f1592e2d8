package dev.authserver.audit;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.keys.SigningKeyEvents;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Records sign-ins (with a password or a passkey), sign-outs and failed client
 * authentications from the events Spring Security publishes, and key rotations and
 * revocations from the key lifecycle's events. A failed sign-in records the name as
 * typed, which may belong to no account; the reason is the exception's name (bad
 * credentials, disabled, locked), never what was typed as the password.
 */
class SecurityEventsAuditor {

	private final AuditLog auditLog;

	SecurityEventsAuditor(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken signIn) {
			AuditEventType type = signIn.getAuthorities()
				.stream()
				.anyMatch((authority) -> FactorGrantedAuthority.WEBAUTHN_AUTHORITY.equals(authority.getAuthority()))
						? AuditEventType.PASSKEY_SIGN_IN : AuditEventType.LOGIN;
			this.auditLog.record(type, Outcome.SUCCESS, signIn.getName(), null, null);
		}
	}

	@EventListener
	void onFailure(AbstractAuthenticationFailureEvent event) {
		String reason = event.getException().getClass().getSimpleName();
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken) {
			this.auditLog.record(AuditEventType.LOGIN, Outcome.FAILURE, event.getAuthentication().getName(), null,
					reason);
		}
		else if (event.getAuthentication() instanceof WebAuthnAuthenticationRequestToken) {
			this.auditLog.record(AuditEventType.PASSKEY_SIGN_IN, Outcome.FAILURE, null, null, reason);
		}
		else if (event.getAuthentication() instanceof OAuth2ClientAuthenticationToken client) {
			this.auditLog.record(AuditEventType.CLIENT_AUTHENTICATION, Outcome.FAILURE, client.getName(),
					client.getName(), reason);
		}
	}

	@EventListener
	void onLogout(LogoutSuccessEvent event) {
		this.auditLog.record(AuditEventType.LOGOUT, Outcome.SUCCESS, event.getAuthentication().getName(), null, null);
	}

	/**
	 * After the commit: a rotation that two instances race for is recorded by the one
	 * whose change stands.
	 */
	@TransactionalEventListener(fallbackExecution = true)
	void onKeyRotated(SigningKeyEvents.Rotated event) {
		this.auditLog.success(AuditEventType.KEY_ROTATED, null,
				"kid=" + event.kid() + ((event.retiredKid() != null) ? " retired kid=" + event.retiredKid() : ""));
	}

	@TransactionalEventListener(fallbackExecution = true)
	void onKeyRevoked(SigningKeyEvents.Revoked event) {
		this.auditLog.success(AuditEventType.KEY_REVOKED, null, "kid=" + event.kid());
	}

}
