package dev.authserver.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;

/**
 * A token exchange request as the client's policy decided it, handed to the framework's
 * provider: its audience, scope, and the latest its token may expire, which
 * {@link ExchangedTokenLifetime} reads when the token is built.
 */
final class ExchangeRequest extends OAuth2TokenExchangeAuthenticationToken {

	private final Instant notAfter;

	private final Duration lifetime;

	/**
	 * @param subjectTokenType the subject token's type as the framework's provider checks
	 * it
	 * @param audience the resource servers the token is for, in {@code aud}
	 * @param scopes the token's scope
	 * @param notAfter when the subject token expires, which the new token may not outlive
	 * @param lifetime the policy's lifetime, or null for the client's
	 */
	ExchangeRequest(OAuth2TokenExchangeAuthenticationToken request, String subjectTokenType, Set<String> audience,
			Set<String> scopes, Instant notAfter, Duration lifetime) {
		super(request.getRequestedTokenType(), request.getSubjectToken(), subjectTokenType,
				(Authentication) request.getPrincipal(), request.getActorToken(), request.getActorTokenType(), audience,
				Set.of(), scopes, request.getAdditionalParameters());
		this.notAfter = notAfter;
		this.lifetime = lifetime;
	}

	/** The latest the new token may expire, for a token issued at this instant. */
	Instant expiresBy(Instant issuedAt) {
		if (this.lifetime == null) {
			return this.notAfter;
		}
		Instant byLifetime = issuedAt.plus(this.lifetime);
		return (this.notAfter == null || byLifetime.isBefore(this.notAfter)) ? byLifetime : this.notAfter;
	}

}
