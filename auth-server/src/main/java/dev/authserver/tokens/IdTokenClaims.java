package dev.authserver.tokens;

import java.util.List;

import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;

/**
 * The claims this server can put in ID tokens and UserInfo responses, which discovery
 * advertises as {@code claims_supported}: the framework's (its JWT generator's ID token
 * claims, {@code sid} and {@code auth_time} for a sign-in session) and the user's own
 * that {@link IdTokenClaimsCustomizer} adds. A claim a new feature adds belongs here, and
 * DiscoveryMetadataTruthTests fails until it is here and a user gets it.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata">OpenID
 * Connect Discovery §3, claims_supported</a>
 */
public final class IdTokenClaims {

	/** Every claim name, in the order discovery lists them. */
	public static final List<String> SUPPORTED = List.of(IdTokenClaimNames.ISS, IdTokenClaimNames.SUB,
			IdTokenClaimNames.AUD, IdTokenClaimNames.EXP, IdTokenClaimNames.IAT, "jti", IdTokenClaimNames.AUTH_TIME,
			IdTokenClaimNames.NONCE, IdTokenClaimNames.AZP, "sid", IdTokenClaimNames.ACR, IdTokenClaimNames.AMR,
			StandardClaimNames.NAME, StandardClaimNames.PREFERRED_USERNAME, StandardClaimNames.EMAIL,
			StandardClaimNames.EMAIL_VERIFIED);

	private IdTokenClaims() {
	}

}
