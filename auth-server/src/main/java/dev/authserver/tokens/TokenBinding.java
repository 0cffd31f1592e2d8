package dev.authserver.tokens;

import java.util.Map;

import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;

/**
 * Binds a token to a key of its client as it is issued, JWT or reference token alike, by
 * adding confirmation claims ({@code cnf}, RFC 7800) to its claims. Features that bind
 * tokens (mutual TLS's certificates) implement it, so that this package need not know
 * them.
 */
@FunctionalInterface
public interface TokenBinding {

	/**
	 * Adds what binds the token, if anything; throws an
	 * {@code OAuth2AuthenticationException} for a request that must be bound and cannot
	 * be.
	 */
	void bind(OAuth2TokenContext context, Map<String, Object> claims);

}
