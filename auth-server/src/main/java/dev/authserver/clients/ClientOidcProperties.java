package dev.authserver.clients;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Connect registration metadata of declared clients, which Boot's client
 * properties have no place for: by the name a client is declared under in
 * {@code spring.security.oauth2.authorizationserver.client.<name>}, what a registered
 * client gives in its metadata (OpenID Connect Dynamic Client Registration §2,
 * Back-Channel Logout §2.2, Front-Channel Logout §2), checked by the same rules.
 *
 * @param oidc the metadata of each declared client, by its name
 */
@ConfigurationProperties("authserver.clients")
public record ClientOidcProperties(@DefaultValue Map<String, OidcMetadata> oidc) {

	/**
	 * @param defaultMaxAge the {@code max_age} of the client's requests that name none:
	 * whole seconds, from 1 second to a year; none when unset
	 * @param requireAuthTime whether its ID tokens must carry {@code auth_time} (they
	 * always do)
	 * @param backchannelLogoutUri where logout tokens are posted when a session of the
	 * client ends; none when unset
	 * @param backchannelLogoutSessionRequired whether the client needs their {@code sid}
	 * (they always carry it)
	 * @param frontchannelLogoutUri what the signed-out page loads in an iframe when a
	 * session of the client ends; none when unset
	 * @param frontchannelLogoutSessionRequired whether the client needs {@code iss} and
	 * {@code sid} with it (always added)
	 * @param requirePushedAuthorizationRequests whether its authorization requests must
	 * come through the pushed authorization request endpoint (RFC 9126 §6)
	 * @param requireSignedRequestObject whether its authorization requests must be a
	 * request object it signed (RFC 9101 §10.5)
	 * @param fapi2SecurityProfile whether it is held to the FAPI 2.0 Security Profile
	 * (docs/fapi.md)
	 */
	public record OidcMetadata(Duration defaultMaxAge, boolean requireAuthTime, String backchannelLogoutUri,
			boolean backchannelLogoutSessionRequired, String frontchannelLogoutUri,
			boolean frontchannelLogoutSessionRequired, boolean requirePushedAuthorizationRequests,
			boolean requireSignedRequestObject, boolean fapi2SecurityProfile) {
	}

}
