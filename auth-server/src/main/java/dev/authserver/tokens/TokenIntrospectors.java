package dev.authserver.tokens;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Who may introspect a token (RFC 7662 §4): the client it was issued to, and the clients
 * of a resource server it is meant for (one of its {@code aud}), as
 * {@code authserver.tokens.introspection} names them. Any other client learns no more
 * than of an unknown token, {@code {"active": false}} (RFC 7662 §2.2), and the refusal is
 * in the audit log. Refresh tokens carry no audience, so only their own client sees them;
 * ID tokens are for their client.
 * <p>
 * The framework's introspection provider answers every authenticated client and has no
 * hook for this, so {@link #restrict} wraps it and judges its answer. No upstream issue
 * found as of 2026-12; see
 * {@code OAuth2TokenIntrospectionAuthenticationProvider.authenticate}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662#section-4">RFC 7662 §4</a>
 */
public class TokenIntrospectors {

	private static final Logger log = LoggerFactory.getLogger(TokenIntrospectors.class);

	private final Map<String, Set<String>> clientsByResource = new HashMap<>();

	private final AuditLog auditLog;

	TokenIntrospectors(List<TokenProperties.Introspection> introspection, AuditLog auditLog) {
		introspection
			.forEach((entry) -> this.clientsByResource.computeIfAbsent(entry.resource(), (key) -> new HashSet<>())
				.addAll(entry.clients()));
		this.auditLog = auditLog;
	}

	/**
	 * The framework's introspection provider, answering {@code active: false} to a client
	 * that may not see the token.
	 */
	public AuthenticationProvider restrict(AuthenticationProvider introspection) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				Authentication result = introspection.authenticate(authentication);
				if (result instanceof OAuth2TokenIntrospectionAuthenticationToken introspected
						&& introspected.getTokenClaims().isActive()) {
					return judged(introspected);
				}
				return result;
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return introspection.supports(authentication);
			}

		};
	}

	private Authentication judged(OAuth2TokenIntrospectionAuthenticationToken introspected) {
		Authentication caller = (Authentication) introspected.getPrincipal();
		String callerId = ((OAuth2ClientAuthenticationToken) caller).getRegisteredClient().getClientId();
		OAuth2TokenIntrospection claims = introspected.getTokenClaims();
		if (callerId.equals(claims.getClientId()) || servesAnAudience(callerId, claims.getAudience())) {
			return introspected;
		}
		log.debug("Introspection by client {} of a token of client {} answered inactive", callerId,
				claims.getClientId());
		this.auditLog.record(AuditEventType.INTROSPECTION_REFUSED, Outcome.FAILURE, callerId, callerId,
				"token_client_id=" + claims.getClientId());
		return new OAuth2TokenIntrospectionAuthenticationToken(introspected.getToken(), caller,
				OAuth2TokenIntrospection.builder().build());
	}

	private boolean servesAnAudience(String clientId, List<String> audience) {
		return audience != null && audience.stream()
			.anyMatch((resource) -> this.clientsByResource.getOrDefault(resource, Set.of()).contains(clientId));
	}

}
