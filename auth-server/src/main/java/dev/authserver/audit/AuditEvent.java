package dev.authserver.audit;

import java.time.Instant;

/**
 * One recorded security event.
 *
 * @param actor the user or client acting, or null for the server itself
 * @param clientId the OAuth client concerned, if any
 * @param address the caller's IP address, if the event came from a request
 * @param detail what else identifies the event (a grant type, a key id, a request path);
 * never a secret
 */
public record AuditEvent(Instant occurredAt, AuditEventType type, Outcome outcome, String actor, String clientId,
		String address, String detail) {

	public enum Outcome {

		SUCCESS, FAILURE

	}

}
