package dev.authserver.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authserver.keys.SigningKeyRing;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signs logout tokens with the key that signs ID tokens now: the client verifies them
 * with the same JWKS. A token is signed for each attempt, so none is stored.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-backchannel-1_0.html#LogoutToken">Back-Channel
 * Logout 1.0 §2.4</a>
 */
class LogoutTokens {

	static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** Delivered at once, or signed again for the next attempt. */
	private static final Duration LIFETIME = Duration.ofMinutes(2);

	private final SigningKeyRing signingKeys;

	private final JwtEncoder encoder;

	private final String issuer;

	private final Clock clock;

	/**
	 * The framework declares no {@link JwtEncoder} bean (it builds its own over the key
	 * ring when the application declares none), so this is another encoder over the same
	 * keys.
	 */
	LogoutTokens(SigningKeyRing signingKeys, String issuer, Clock clock) {
		this.signingKeys = signingKeys;
		this.encoder = new NimbusJwtEncoder(signingKeys);
		this.issuer = issuer;
		this.clock = clock;
	}

	/**
	 * A logout token with {@code sub} and {@code sid} (whether or not the client asked
	 * for the sid), no {@code nonce}, {@code typ} {@code logout+jwt} (§2.4, as RFC 8725
	 * §3.11 advises to tell it from an ID token).
	 */
	String sign(String clientId, String subject, String sid) {
		Instant now = this.clock.instant();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256)
			.type("logout+jwt")
			.keyId(this.signingKeys.activeKid())
			.build();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.audience(List.of(clientId))
			.issuedAt(now)
			.expiresAt(now.plus(LIFETIME))
			.id(UUID.randomUUID().toString())
			.subject(subject)
			.claim("sid", sid)
			.claim("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()))
			.build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

}
