package dev.authserver.clients;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authserver.tokens.TokenExchangePolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The registration metadata of declared clients that Boot's client properties have no
 * place for, by the name a client is declared under in
 * {@code spring.security.oauth2.authorizationserver.client.<name>}: what a registered
 * client gives in its metadata, checked by the same rules.
 *
 * @param oidc the OpenID Connect metadata of each declared client that has any (OpenID
 * Connect Dynamic Client Registration §2, Back-Channel Logout §2.2, Front-Channel Logout
 * §2)
 * @param mutualTls the certificate a {@code tls_client_auth} client is matched by, and
 * whether the client's access tokens are bound to its certificate (RFC 8705), of each
 * declared client that has any
 * @param tokenExchange the token exchange policy (RFC 8693) of each declared client with
 * the {@code urn:ietf:params:oauth:grant-type:token-exchange} grant
 */
@ConfigurationProperties("authserver.clients")
public record DeclaredClientProperties(@DefaultValue Map<String, OidcMetadata> oidc,
		@DefaultValue Map<String, MutualTls> mutualTls, @DefaultValue Map<String, TokenExchange> tokenExchange) {

	/**
	 * What a declared client may get by token exchange (RFC 8693), checked at start-up
	 * like a policy set in the console.
	 *
	 * @param audiences the resource servers it may exchange tokens for, the first being
	 * the audience when a request names none; each one of
	 * {@code authserver.tokens.audience} or {@code authserver.tokens.resources}
	 * @param impersonation whether it may exchange a token without an actor token
	 * @param scopes the most a new token may carry (never more than the subject token
	 * had), each one of the client's scopes
	 * @param accessTokenTimeToLive how long a new token lives at most (never past the
	 * subject token's expiry); unset for the client's access token lifetime
	 */
	public record TokenExchange(@DefaultValue List<String> audiences, boolean impersonation,
			@DefaultValue Set<String> scopes, Duration accessTokenTimeToLive) {

		TokenExchangePolicy toPolicy() {
			return new TokenExchangePolicy(this.audiences, this.impersonation, this.scopes, this.accessTokenTimeToLive);
		}

	}

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

	/**
	 * A declared client's RFC 8705 metadata. A {@code tls_client_auth} client has exactly
	 * one of the five values (§2.1.2); no other client has any.
	 *
	 * @param subjectDn {@code tls_client_auth_subject_dn}, as RFC 4514 writes it
	 * @param sanDns {@code tls_client_auth_san_dns}
	 * @param sanUri {@code tls_client_auth_san_uri}
	 * @param sanIp {@code tls_client_auth_san_ip}
	 * @param sanEmail {@code tls_client_auth_san_email}
	 * @param certificateBoundAccessTokens
	 * {@code tls_client_certificate_bound_access_tokens} (§3.4)
	 */
	public record MutualTls(String subjectDn, String sanDns, String sanUri, String sanIp, String sanEmail,
			boolean certificateBoundAccessTokens) {
	}

}
