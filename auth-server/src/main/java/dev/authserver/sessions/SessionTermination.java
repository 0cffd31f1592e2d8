package dev.authserver.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.clients.ClientMetadata;
import dev.authserver.clients.ClientMetadataMapping;
import dev.authserver.protocol.GrantingSession;
import dev.authserver.sessions.JdbcSessionClients.SessionClient;
import dev.authserver.users.UserSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Ends a sign-in session, the one way every ending goes (RP-initiated logout, the
 * sign-out form, an admin or the user ending it, an account disabled): the Spring Session
 * row goes, so no instance knows the cookie any more; the refresh tokens issued in the
 * session are revoked through the authorization service (only those: grants from other
 * sessions stay); each client of the session with a {@code backchannel_logout_uri} gets a
 * logout token, through the outbox, written in the same transaction; and the audit log
 * records it.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-backchannel-1_0.html#BCSupport">Back-Channel
 * Logout 1.0 §2.5</a>
 */
public class SessionTermination implements UserSessions {

	private static final Logger log = LoggerFactory.getLogger(SessionTermination.class);

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final JdbcSessionClients sessionClients;

	private final JdbcLogoutDeliveries deliveries;

	private final OAuth2AuthorizationService authorizationService;

	private final RegisteredClientRepository registeredClients;

	private final AuditLog auditLog;

	private final TransactionOperations transactions;

	private final String issuer;

	private final Clock clock;

	SessionTermination(FindByIndexNameSessionRepository<? extends Session> sessions, JdbcSessionClients sessionClients,
			JdbcLogoutDeliveries deliveries, OAuth2AuthorizationService authorizationService,
			RegisteredClientRepository registeredClients, AuditLog auditLog, TransactionOperations transactions,
			String issuer, Clock clock) {
		this.sessions = sessions;
		this.sessionClients = sessionClients;
		this.deliveries = deliveries;
		this.authorizationService = authorizationService;
		this.registeredClients = registeredClients;
		this.auditLog = auditLog;
		this.transactions = transactions;
		this.issuer = issuer;
		this.clock = clock;
	}

	/**
	 * Ends the user's session named by {@code sid}, whether its row still exists or not
	 * (an RP may log out a session that timed out: its refresh tokens still go).
	 * @param notifiedClientId the client that asked for the logout, which knows already
	 * and gets no notification; null for none
	 * @return what the logout page loads to tell the clients in the browser
	 */
	public Ended end(String username, String sid, Reason reason, String notifiedClientId) {
		Ended ended = this.transactions.execute((transaction) -> {
			for (Session session : this.sessions.findByPrincipalName(username).values()) {
				if (GrantingSession.sidOf(session.getId()).equals(sid)) {
					this.sessions.deleteById(session.getId());
				}
			}
			List<SessionClient> clients = this.sessionClients.of(sid);
			int revoked = 0;
			for (SessionClient client : clients) {
				revoked += (reason.revokesRefreshTokens() && revokeRefreshToken(client.authorizationId())) ? 1 : 0;
			}
			Instant now = this.clock.instant();
			Set<String> clientIds = new LinkedHashSet<>();
			clients.forEach((client) -> clientIds.add(client.clientId()));
			clientIds.remove(notifiedClientId);
			List<String> frontChannelUris = new ArrayList<>();
			int notified = 0;
			for (String clientId : clientIds) {
				RegisteredClient registered = this.registeredClients.findByClientId(clientId);
				if (registered == null) {
					continue;
				}
				ClientMetadata metadata = ClientMetadataMapping.metadataOf(registered);
				if (metadata.backchannelLogoutUri() != null) {
					this.deliveries.enqueue(clientId, metadata.backchannelLogoutUri(), username, sid, now);
					notified++;
				}
				if (metadata.frontchannelLogoutUri() != null) {
					frontChannelUris.add(frontChannelUri(metadata.frontchannelLogoutUri(), sid));
				}
			}
			this.sessionClients.removeAll(sid);
			this.auditLog.record(AuditEventType.SESSION_ENDED, Outcome.SUCCESS, username, notifiedClientId,
					"reason=" + reason.name().toLowerCase(Locale.ROOT) + " clients=" + String.join(",", clientIds)
							+ " refresh_tokens_revoked=" + revoked + " back_channel_notifications=" + notified);
			return new Ended(List.copyOf(frontChannelUris));
		});
		log.debug("Ended a session of {} ({})", username, reason);
		return ended;
	}

	@Override
	public int endAll(String username, String keptSessionId, boolean accessRevoked) {
		return endAll(username, keptSessionId, accessRevoked ? Reason.ACCESS_REVOKED : Reason.ROLES_CHANGED);
	}

	/**
	 * Ends every session of the user but {@code keptSessionId}.
	 * @param keptSessionId the session of the request, which stays (an admin disabling
	 * someone else goes on working); null for none
	 * @return how many live sessions it ended
	 */
	public int endAll(String username, String keptSessionId, Reason reason) {
		int ended = 0;
		for (Session session : this.sessions.findByPrincipalName(username).values()) {
			if (session.getId().equals(keptSessionId)) {
				continue;
			}
			end(username, GrantingSession.sidOf(session.getId()), reason, null);
			// Expired sessions go as well, but they held nothing: only live ones count.
			if (!session.isExpired()) {
				ended++;
			}
		}
		return ended;
	}

	private boolean revokeRefreshToken(String authorizationId) {
		OAuth2Authorization authorization = this.authorizationService.findById(authorizationId);
		if (authorization == null) {
			return false;
		}
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		if (refreshToken == null || !refreshToken.isActive()) {
			return false;
		}
		// As the revocation endpoint does: the access token goes with it.
		this.authorizationService
			.save(OAuth2Authorization.from(authorization).invalidate(refreshToken.getToken()).build());
		return true;
	}

	/**
	 * The client's front-channel URI with {@code iss} and {@code sid}, which this server
	 * always adds (Front-Channel Logout 1.0 §2), to its own query if it has one.
	 */
	private String frontChannelUri(String uri, String sid) {
		return UriComponentsBuilder.fromUriString(uri)
			.queryParam("iss", this.issuer)
			.queryParam("sid", sid)
			.encode()
			.build()
			.toUriString();
	}

	/** Why a session ended, as the audit log records it. */
	public enum Reason {

		/** The client asked, at the end-session endpoint (RP-Initiated Logout 1.0). */
		RP_LOGOUT,

		/** The user signed out with the sign-out form. */
		SIGN_OUT,

		/** Another user signed in on the same browser. */
		REPLACED,

		/** The user ended it from their account page. */
		ENDED_BY_USER,

		/** An admin ended it in the console. */
		ENDED_BY_ADMIN,

		/** An admin disabled the account or took its access away. */
		ACCESS_REVOKED,

		/**
		 * An admin took a role away, which a session keeps until it ends. Its refresh
		 * tokens stay: tokens carry scopes the user consented to, and no role.
		 */
		ROLES_CHANGED;

		boolean revokesRefreshTokens() {
			return this != ROLES_CHANGED;
		}

	}

	/**
	 * @param frontChannelLogoutUris the clients' front-channel URIs, with {@code iss} and
	 * {@code sid}, for the logout page's iframes
	 */
	public record Ended(List<String> frontChannelLogoutUris) {

	}

}
