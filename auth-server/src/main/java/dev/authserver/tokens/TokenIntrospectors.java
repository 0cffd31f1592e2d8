package dev.authserver.tokens;

import java.security.Principal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.protocol.SignInFactors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
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
 * An answer about a user's token also says how the user signed in ({@code auth_time},
 * {@code amr}, {@code acr}), as their ID token does.
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

	private final OAuth2AuthorizationService authorizations;

	TokenIntrospectors(List<TokenProperties.Introspection> introspection, AuditLog auditLog,
			OAuth2AuthorizationService authorizations) {
		this.authorizations = authorizations;
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
			return withSignIn(introspected);
		}
		log.debug("Introspection by client {} of a token of client {} answered inactive", callerId,
				claims.getClientId());
		this.auditLog.record(AuditEventType.INTROSPECTION_REFUSED, Outcome.FAILURE, callerId, callerId,
				"token_client_id=" + claims.getClientId());
		return new OAuth2TokenIntrospectionAuthenticationToken(introspected.getToken(), caller,
				OAuth2TokenIntrospection.builder().build());
	}

	/**
	 * How the user signed in, for a token issued on a user's behalf: {@code auth_time}
	 * (seconds, as RFC 7662 §2.2 answers times), {@code amr} (RFC 8176) and {@code acr},
	 * read from the sign-in stored with the authorization ({@link SignInFactors}), as the
	 * ID token has them. Not written into the access token's stored claims: the
	 * authorization store reads back no {@code Long} or {@code Date} there.
	 */
	private OAuth2TokenIntrospectionAuthenticationToken withSignIn(
			OAuth2TokenIntrospectionAuthenticationToken introspected) {
		OAuth2Authorization authorization = this.authorizations.findByToken(introspected.getToken(), null);
		if (authorization == null
				|| !(authorization.getAttribute(Principal.class.getName()) instanceof Authentication user)
				|| SignInFactors.methods(user).isEmpty()) {
			return introspected;
		}
		Map<String, Object> claims = new LinkedHashMap<>(introspected.getTokenClaims().getClaims());
		SignInFactors.signedInAt(user)
			.ifPresent((signedInAt) -> claims.put(IdTokenClaimNames.AUTH_TIME, signedInAt.getEpochSecond()));
		claims.put(IdTokenClaimNames.AMR, SignInFactors.methods(user));
		SignInFactors.level(user).ifPresent((acr) -> claims.put(IdTokenClaimNames.ACR, acr));
		return new OAuth2TokenIntrospectionAuthenticationToken(introspected.getToken(),
				(Authentication) introspected.getPrincipal(), OAuth2TokenIntrospection.withClaims(claims).build());
	}

	private boolean servesAnAudience(String clientId, List<String> audience) {
		return audience != null && audience.stream()
			.anyMatch((resource) -> this.clientsByResource.getOrDefault(resource, Set.of()).contains(clientId));
	}

}
