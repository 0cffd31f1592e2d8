package dev.authserver.sessions;

import java.time.Clock;

import dev.authserver.tokens.JwtIssuanceListener;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * Adds a client to the sign-in session whose {@code sid} the framework puts in the ID
 * token of a code grant, with the authorization that holds the refresh token issued in
 * that session. Refresh grants keep the {@code sid} and the authorization, so only the
 * code grant records.
 * <p>
 * The framework names the session through its {@code SessionRegistry} (ours:
 * {@code SpringSessionBackedSessionRegistry}, over the database): the user's most
 * recently used session, hashed. The customizer runs as the token is built, before the
 * framework stores the authorization: requests redeeming one code at once all get here,
 * and record the one authorization they share once.
 */
public final class SessionClientRecorder implements JwtIssuanceListener {

	private final JdbcSessionClients sessionClients;

	private final Clock clock;

	SessionClientRecorder(JdbcSessionClients sessionClients, Clock clock) {
		this.sessionClients = sessionClients;
		this.clock = clock;
	}

	@Override
	public void issuing(JwtEncodingContext context) {
		if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
				|| !AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
			return;
		}
		OAuth2Authorization authorization = context.getAuthorization();
		if (authorization != null && context.getClaims().build().getClaims().get("sid") instanceof String sid) {
			this.sessionClients.add(sid, context.getRegisteredClient().getClientId(), authorization.getId(),
					this.clock.instant());
		}
	}

}
