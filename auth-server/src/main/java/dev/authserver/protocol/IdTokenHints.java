package dev.authserver.protocol;

import java.util.Optional;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Reads the {@code id_token_hint} of an authentication request: an ID token this server
 * signed (with a key still in its JWKS) for the requesting client. Its expiry does not
 * matter: clients send the ID token they hold, long after it expired, to say whose
 * session they expect.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest">OpenID Connect Core
 * §3.1.2.1</a>
 */
final class IdTokenHints {

	private final NimbusJwtDecoder decoder;

	IdTokenHints(JWKSource<SecurityContext> jwkSource, String issuer) {
		this.decoder = NimbusJwtDecoder.withJwkSource(jwkSource).jwsAlgorithm(SignatureAlgorithm.RS256).build();
		this.decoder.setJwtValidator(new JwtIssuerValidator(issuer));
	}

	/**
	 * The user the hint names, or empty when it is no ID token of ours for this client:
	 * forged, signed by someone else, or issued to another client (an access token names
	 * its resource servers as audience, not the client).
	 */
	Optional<String> subject(String hint, String clientId) {
		try {
			Jwt token = this.decoder.decode(hint);
			if (token.getAudience() == null || !token.getAudience().contains(clientId) || token.getSubject() == null) {
				return Optional.empty();
			}
			return Optional.of(token.getSubject());
		}
		catch (JwtException ex) {
			return Optional.empty();
		}
	}

}
