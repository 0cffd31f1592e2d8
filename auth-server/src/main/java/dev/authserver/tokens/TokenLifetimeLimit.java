package dev.authserver.tokens;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Cuts every JWT's {@code exp} to {@code authserver.keys.max-token-lifetime} after its
 * {@code iat}. A retired signing key stays published only that long, so a token living
 * longer would stop verifying before it expires. Clients declared or stored with a longer
 * lifetime get tokens of the maximum; the token response's {@code expires_in} follows,
 * since the framework reads it from the signed JWT.
 */
class TokenLifetimeLimit implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final Duration maxTokenLifetime;

	TokenLifetimeLimit(Duration maxTokenLifetime) {
		this.maxTokenLifetime = maxTokenLifetime;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getClaims().claims((claims) -> {
			if (claims.get(JwtClaimNames.IAT) instanceof Instant issuedAt
					&& claims.get(JwtClaimNames.EXP) instanceof Instant expiresAt
					&& expiresAt.isAfter(issuedAt.plus(this.maxTokenLifetime))) {
				claims.put(JwtClaimNames.EXP, issuedAt.plus(this.maxTokenLifetime));
			}
		});
	}

}
