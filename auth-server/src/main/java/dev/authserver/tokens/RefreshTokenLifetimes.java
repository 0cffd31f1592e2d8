package dev.authserver.tokens;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

/**
 * How long refresh tokens live (RFC 9700 §4.14.2). A grant lives at most the client's
 * refresh token lifetime, counted from the user's authorization (when its code or device
 * code was issued), however often its refresh token is replaced; and each refresh token
 * expires after {@code authserver.tokens.refresh-token-idle-timeout} unused. The
 * framework would give each new refresh token the client's whole lifetime again, so a
 * grant used regularly would never end.
 * <p>
 * An expired refresh token is refused by the framework with {@code invalid_grant}, and so
 * is a refresh of a grant past its lifetime, which can happen when an administrator
 * shortens the client's lifetime.
 */
public class RefreshTokenLifetimes {

	private final OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();

	private final Duration idleTimeout;

	RefreshTokenLifetimes(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	/**
	 * The framework's token generator, with its refresh tokens cut to these lifetimes.
	 * Its value generation, and the rule that a public client gets no refresh token from
	 * a code, stay the framework's.
	 */
	public OAuth2TokenGenerator<OAuth2Token> around(OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator) {
		Assert.notNull(tokenGenerator, "the framework's token generator must have been built");
		OAuth2TokenGenerator<OAuth2RefreshToken> refreshTokens = this::refreshToken;
		return new DelegatingOAuth2TokenGenerator(refreshTokens, tokenGenerator);
	}

	OAuth2RefreshToken refreshToken(OAuth2TokenContext context) {
		OAuth2RefreshToken generated = this.refreshTokens.generate(context);
		if (generated == null) {
			return null;
		}
		Instant issuedAt = generated.getIssuedAt();
		Instant grantEnd = grantStart(context.getAuthorization(), issuedAt)
			.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
		if (!grantEnd.isAfter(issuedAt)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The grant has reached the end of its lifetime", null));
		}
		Instant idleEnd = issuedAt.plus(this.idleTimeout);
		return new OAuth2RefreshToken(generated.getTokenValue(), issuedAt,
				idleEnd.isBefore(grantEnd) ? idleEnd : grantEnd);
	}

	/**
	 * When the user authorized the grant: its code, or device code, is kept with the
	 * authorization after it was exchanged. Every grant that issues refresh tokens here
	 * starts with one of them; any other starts now.
	 */
	private static Instant grantStart(OAuth2Authorization authorization, Instant now) {
		if (authorization == null) {
			return now;
		}
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		if (code != null && code.getToken().getIssuedAt() != null) {
			return code.getToken().getIssuedAt();
		}
		OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = authorization.getToken(OAuth2DeviceCode.class);
		if (deviceCode != null && deviceCode.getToken().getIssuedAt() != null) {
			return deviceCode.getToken().getIssuedAt();
		}
		return now;
	}

}
