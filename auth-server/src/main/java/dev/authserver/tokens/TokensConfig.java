package dev.authserver.tokens;

import dev.authserver.keys.SigningKeyRing;
import dev.authserver.users.JdbcUserAccountRepository;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Wires the claims customizers into the framework's JWT generator.
 */
@Configuration(proxyBeanMethods = false)
class TokensConfig {

	/**
	 * Every JWT names the active signing key in its header: the JWKS also holds the next and retired keys, and the
	 * {@code kid} is how the encoder picks the one that signs.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> jwtTokenCustomizer(TokenProperties properties,
			JdbcUserAccountRepository accounts, SigningKeyRing signingKeys) {
		AccessTokenClaimsCustomizer accessTokenClaims = new AccessTokenClaimsCustomizer(properties);
		IdTokenClaimsCustomizer idTokenClaims = new IdTokenClaimsCustomizer(accounts);
		return (context) -> {
			context.getJwsHeader().keyId(signingKeys.activeKid());
			accessTokenClaims.customize(context);
			idTokenClaims.customize(context);
		};
	}

}
