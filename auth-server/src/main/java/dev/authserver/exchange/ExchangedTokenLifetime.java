package dev.authserver.exchange;

import java.time.Instant;

import dev.authserver.tokens.JwtIssuanceListener;

import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * Cuts an exchanged token's {@code exp} to its policy's lifetime, and to the subject
 * token's expiry: a token obtained for a user's token never outlives it. The token
 * response's {@code expires_in} follows, since the framework reads it from the signed
 * JWT.
 */
class ExchangedTokenLifetime implements JwtIssuanceListener {

	@Override
	public void issuing(JwtEncodingContext context) {
		if (!(context.getAuthorizationGrant() instanceof ExchangeRequest request)
				|| !OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getClaims().claims((claims) -> {
			if (claims.get(JwtClaimNames.IAT) instanceof Instant issuedAt
					&& claims.get(JwtClaimNames.EXP) instanceof Instant expiresAt) {
				Instant limit = request.expiresBy(issuedAt);
				if (limit != null && expiresAt.isAfter(limit)) {
					claims.put(JwtClaimNames.EXP, limit);
				}
			}
		});
	}

}
