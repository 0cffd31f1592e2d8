package dev.authserver.exchange;

import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.tokens.TokenExchangePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.StringUtils;

/**
 * The token exchange grant within the client's {@link TokenExchangePolicy}: the subject
 * token one of our active access tokens, or an active ID token issued to the client; the
 * actor token, if any, one of the client's own active access tokens; without one, only a
 * client allowed to impersonate; the audience among the policy's, the first when the
 * request names none; the scope within the policy's and the subject token's; the new
 * token's lifetime the policy's and never past the subject token's expiry. The
 * framework's provider then issues the token, with the {@code act} claim of delegation,
 * nested for a chain (RFC 8693 §4.1), and stores its authorization. Every exchange, and
 * every refusal of an authenticated client, is audited without any token value.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693#section-2">RFC 8693 §2</a>
 */
class PolicedTokenExchange implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(PolicedTokenExchange.class);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	private static final String INVALID_TARGET = "invalid_target";

	private static final String SPEC = "https://www.rfc-editor.org/rfc/rfc8693#section-2.2.2";

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final AuditLog auditLog;

	PolicedTokenExchange(OAuth2AuthorizationService authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, AuditLog auditLog) {
		this.authorizations = authorizations;
		this.tokenGenerator = tokenGenerator;
		this.auditLog = auditLog;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenExchangeAuthenticationToken request = (OAuth2TokenExchangeAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientAuthentication)
				|| !clientAuthentication.isAuthenticated() || clientAuthentication.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient client = clientAuthentication.getRegisteredClient();
		try {
			return exchange(request, client);
		}
		catch (OAuth2AuthenticationException ex) {
			log.debug("Token exchange of client {} refused: {}", client.getClientId(), ex.getError().getErrorCode());
			this.auditLog.record(AuditEventType.TOKEN_EXCHANGED, Outcome.FAILURE, null, client.getClientId(),
					"error=" + ex.getError().getErrorCode());
			throw ex;
		}
	}

	private Authentication exchange(OAuth2TokenExchangeAuthenticationToken request, RegisteredClient client) {
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE)) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "this client may not use the token exchange grant");
		}
		TokenExchangePolicy policy = TokenExchangePolicy.of(client);
		boolean idToken = TokenExchangeRequestConverter.ID_TOKEN_TYPE.equals(request.getSubjectTokenType());
		Map<String, OAuth2Authorization> found = new HashMap<>();
		OAuth2Authorization subject = active(request.getSubjectToken(),
				idToken ? ID_TOKEN : OAuth2TokenType.ACCESS_TOKEN, "subject_token");
		if (subject.getAttribute(Principal.class.getName()) == null) {
			// A client credentials token: the framework's provider needs the subject's
			// principal to act for (RFC 8693 §1.1), which only a user's grant keeps.
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "subject_token names no user to act for");
		}
		OAuth2Authorization.Token<OAuth2Token> subjectToken = subject.getToken(request.getSubjectToken());
		if (idToken && !audienceOf(subjectToken).contains(client.getClientId())) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT, "an ID token is exchanged only by the client it was issued to");
		}
		found.put(request.getSubjectToken(), subject);
		String actor = null;
		if (StringUtils.hasText(request.getActorToken())) {
			OAuth2Authorization actorAuthorization = active(request.getActorToken(), OAuth2TokenType.ACCESS_TOKEN,
					"actor_token");
			if (!client.getId().equals(actorAuthorization.getRegisteredClientId())) {
				throw error(OAuth2ErrorCodes.INVALID_GRANT, "actor_token must be an access token of this client");
			}
			found.put(request.getActorToken(), actorAuthorization);
			actor = actorAuthorization.getPrincipalName();
		}
		else if (!policy.impersonation()) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST,
					"actor_token is required: this client may act for the subject, not impersonate it");
		}
		Set<String> audience = audience(request, policy);
		Set<String> scopes = scopes(request, policy, subject.getAuthorizedScopes());
		Instant notAfter = subjectToken.getToken().getExpiresAt();
		ExchangeRequest policed = new ExchangeRequest(request,
				idToken ? ACCESS_TOKEN_TYPE : request.getSubjectTokenType(), audience, scopes, notAfter,
				policy.accessTokenTimeToLive());
		Authentication issued = new OAuth2TokenExchangeAuthenticationProvider(
				new PresentedTokens(this.authorizations, found), this.tokenGenerator)
			.authenticate(policed);
		this.auditLog.record(AuditEventType.TOKEN_EXCHANGED, Outcome.SUCCESS, subject.getPrincipalName(),
				client.getClientId(),
				"actor=" + ((actor != null) ? actor : "none (impersonation)") + " audience="
						+ String.join(" ", audience) + " scope=" + String.join(" ", scopes) + " subject_token_type="
						+ request.getSubjectTokenType());
		return issued;
	}

	/**
	 * The authorization of one of our tokens that is neither expired nor revoked.
	 * @throws OAuth2AuthenticationException {@code invalid_grant}, as RFC 6749 §5.2 has
	 * it for a grant that is "invalid, expired, revoked"
	 */
	private OAuth2Authorization active(String token, OAuth2TokenType type, String parameter) {
		OAuth2Authorization authorization = this.authorizations.findByToken(token, type);
		OAuth2Authorization.Token<OAuth2Token> found = (authorization != null) ? authorization.getToken(token) : null;
		if (found == null || !found.isActive()) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT, parameter + " is unknown, expired or revoked");
		}
		return authorization;
	}

	/**
	 * The resource servers the new token is for: each that {@code resource} and
	 * {@code audience} name must be one of the policy's (RFC 8693 §2.2.2:
	 * {@code invalid_target}); without either, the policy's first.
	 */
	private static Set<String> audience(OAuth2TokenExchangeAuthenticationToken request, TokenExchangePolicy policy) {
		Set<String> requested = new LinkedHashSet<>(request.getResources());
		requested.addAll(request.getAudiences());
		if (requested.isEmpty()) {
			if (policy.audiences().isEmpty()) {
				throw error(INVALID_TARGET, "this client's token exchange policy allows no audience");
			}
			return Set.of(policy.audiences().get(0));
		}
		for (String target : requested) {
			if (!policy.audiences().contains(target)) {
				throw error(INVALID_TARGET, "audience " + target + " is not one this client may exchange tokens for");
			}
		}
		return requested;
	}

	/**
	 * The new token's scope: what was asked, each within the policy's scopes and the
	 * subject token's; without {@code scope}, all of the subject token's that the policy
	 * allows.
	 */
	private static Set<String> scopes(OAuth2TokenExchangeAuthenticationToken request, TokenExchangePolicy policy,
			Set<String> subjectScopes) {
		Set<String> allowed = new LinkedHashSet<>(subjectScopes);
		allowed.retainAll(policy.scopes());
		if (request.getScopes().isEmpty()) {
			if (allowed.isEmpty()) {
				throw error(OAuth2ErrorCodes.INVALID_SCOPE,
						"no scope of the subject token is one this client's token exchange policy allows");
			}
			return allowed;
		}
		for (String scope : request.getScopes()) {
			if (!policy.scopes().contains(scope)) {
				throw error(OAuth2ErrorCodes.INVALID_SCOPE,
						"scope " + scope + " is beyond this client's token exchange policy");
			}
			if (!subjectScopes.contains(scope)) {
				throw error(OAuth2ErrorCodes.INVALID_SCOPE, "scope " + scope + " is beyond the subject token's");
			}
		}
		return new LinkedHashSet<>(request.getScopes());
	}

	private static List<String> audienceOf(OAuth2Authorization.Token<OAuth2Token> token) {
		Object audience = (token.getClaims() != null) ? token.getClaims().get("aud") : null;
		if (audience instanceof String single) {
			return List.of(single);
		}
		return (audience instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, SPEC));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenExchangeAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
