package dev.authserver.tokens;

import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * Told of every JWT this server builds (access and ID tokens), after our claims are in,
 * by the one token customizer. Features that must note what a token is issued for (the
 * clients of a sign-in session), or that narrow a token of their own grant (the lifetime
 * of an exchanged token), implement it, so that this package need not know them. Not a
 * customizer bean itself: the framework uses such a bean only when it is the only one.
 */
@FunctionalInterface
public interface JwtIssuanceListener {

	void issuing(JwtEncodingContext context);

}
