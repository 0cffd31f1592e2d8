package dev.authserver.sessions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authserver.protocol.GrantingSession;
import dev.authserver.sessions.JdbcSessionClients.SessionClient;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * A user's live sign-in sessions, newest first, with their clients: what the console and
 * the account page list.
 */
class SignInSessions {

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	private final JdbcSessionClients sessionClients;

	SignInSessions(FindByIndexNameSessionRepository<? extends Session> sessions, JdbcSessionClients sessionClients) {
		this.sessions = sessions;
		this.sessionClients = sessionClients;
	}

	/**
	 * @param currentSessionId the session of the request, marked as current; null for
	 * none
	 */
	List<SignInSession> of(String username, String currentSessionId) {
		Map<String, Session> live = new LinkedHashMap<>();
		for (Session session : this.sessions.findByPrincipalName(username).values()) {
			if (!session.isExpired()) {
				live.put(GrantingSession.sidOf(session.getId()), session);
			}
		}
		Map<String, Set<String>> clients = new LinkedHashMap<>();
		for (SessionClient client : this.sessionClients.ofAll(live.keySet())) {
			clients.computeIfAbsent(client.sid(), (sid) -> new LinkedHashSet<>()).add(client.clientId());
		}
		List<SignInSession> listed = new ArrayList<>();
		live.forEach((sid, session) -> {
			Long signedInAt = session.getAttribute(SignInRecorder.SIGNED_IN_AT);
			listed.add(new SignInSession(sid,
					(signedInAt != null) ? Instant.ofEpochMilli(signedInAt) : session.getCreationTime(),
					session.getLastAccessedTime(), session.getAttribute(SignInRecorder.ADDRESS),
					session.getAttribute(SignInRecorder.BROWSER), List.copyOf(clients.getOrDefault(sid, Set.of())),
					session.getId().equals(currentSessionId)));
		});
		listed.sort(Comparator.comparing(SignInSession::signedInAt).reversed());
		return listed;
	}

	boolean has(String username, String sid) {
		return of(username, null).stream().anyMatch((session) -> session.sid().equals(sid));
	}

}
