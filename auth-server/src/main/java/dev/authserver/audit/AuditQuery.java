package dev.authserver.audit;

import java.time.Instant;

/**
 * The console's filters; every null one matches all events.
 *
 * @param from events at or after this instant
 * @param to events before this instant
 * @param actor the exact user or client name that acted
 */
record AuditQuery(Instant from, Instant to, AuditEventType type, String actor, String clientId) {
}
