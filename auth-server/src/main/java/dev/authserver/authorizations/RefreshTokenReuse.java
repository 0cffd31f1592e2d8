package dev.authserver.authorizations;

import java.util.Optional;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Detects a refresh token presented after a refresh grant replaced it (RFC 9700 §4.14.2).
 * Only the holder of the newest token should have any reason to present one, so an old
 * one means that two parties hold the grant: an attacker and the client, in some order.
 * The server cannot tell which, so it revokes the grant: the current access and refresh
 * tokens stop working, and the user signs in again.
 * <p>
 * The framework forgets a replaced token, answering {@code invalid_grant} and nothing
 * more; here the hashes of replaced tokens are kept in {@code replaced_refresh_token} for
 * as long as their grant is kept, not only until each would have expired: refresh tokens
 * expire after an idle time, and an old one that comes back a day later still says that
 * somebody else holds the grant. They go with the grant's row
 * ({@code ON DELETE CASCADE}), which the cleanup deletes once all its tokens have
 * expired; their {@code expires_at} only says when each would have.
 * <p>
 * Several requests presenting one refresh token at once are reuse too: one replaces it,
 * and the others present a replaced token.
 */
class RefreshTokenReuse {

	private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuse.class);

	private final JdbcClient jdbc;

	private final RegisteredClientRepository clients;

	private final AuditLog auditLog;

	private final Counter detections;

	RefreshTokenReuse(JdbcClient jdbc, RegisteredClientRepository clients, AuditLog auditLog, Counter detections) {
		this.jdbc = jdbc;
		this.clients = clients;
		this.auditLog = auditLog;
		this.detections = detections;
	}

	/**
	 * Remembers that a refresh grant replaces this refresh token of the authorization.
	 * @param refreshTokenHash the stored form of the refresh token presented, still the
	 * authorization's current one
	 */
	void rememberReplaced(String authorizationId, String refreshTokenHash) {
		this.jdbc.sql("""
				INSERT INTO replaced_refresh_token (token_hash, authorization_id, expires_at)
				SELECT refresh_token_value, id, refresh_token_expires_at FROM oauth2_authorization
				WHERE id = ? AND refresh_token_value = ?""").param(authorizationId).param(refreshTokenHash).update();
	}

	/**
	 * The authorization whose refresh token this hash was, before a refresh grant
	 * replaced it.
	 */
	Optional<String> authorizationReplacing(String refreshTokenHash) {
		return this.jdbc.sql("SELECT authorization_id FROM replaced_refresh_token WHERE token_hash = ?")
			.param(refreshTokenHash)
			.query(String.class)
			.optional();
	}

	/** Records a detected reuse; the caller revokes the grant. */
	void detected(OAuth2Authorization authorization) {
		RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
		String clientId = (client != null) ? client.getClientId() : authorization.getRegisteredClientId();
		log.warn("A replaced refresh token of client {} was presented again: grant {} of {} revoked", clientId,
				authorization.getId(), authorization.getPrincipalName());
		this.detections.increment();
		this.auditLog.record(AuditEventType.REFRESH_REUSE_DETECTED, Outcome.FAILURE, authorization.getPrincipalName(),
				clientId, "grant revoked");
	}

}
