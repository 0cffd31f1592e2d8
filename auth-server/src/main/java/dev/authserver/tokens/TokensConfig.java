package dev.authserver.tokens;

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

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> jwtTokenCustomizer(TokenProperties properties,
			JdbcUserAccountRepository accounts) {
		AccessTokenClaimsCustomizer accessTokenClaims = new AccessTokenClaimsCustomizer(properties);
		IdTokenClaimsCustomizer idTokenClaims = new IdTokenClaimsCustomizer(accounts);
		return (context) -> {
			accessTokenClaims.customize(context);
			idTokenClaims.customize(context);
		};
	}

}
