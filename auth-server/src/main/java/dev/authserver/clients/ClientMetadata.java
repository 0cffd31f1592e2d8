package dev.authserver.clients;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The client metadata of RFC 7591 §2 that this server understands; other members of a
 * request are ignored, as the RFC asks.
 *
 * @param tokenEndpointAuthSigningAlg the algorithm of the client's assertions, for
 * {@code private_key_jwt} and {@code client_secret_jwt} (OpenID Connect Dynamic Client
 * Registration §2)
 * @param jwksUri where the client publishes its public keys, for {@code private_key_jwt}
 * @param jwks the client's public keys as a JWK Set, for {@code private_key_jwt} without
 * a {@code jwks_uri}
 * @param defaultMaxAge seconds: the {@code max_age} of the client's authentication
 * requests that name none (OpenID Connect Dynamic Client Registration §2)
 * @param requireAuthTime whether the client's ID tokens must carry {@code auth_time}
 * (OpenID Connect Dynamic Client Registration §2); they always do
 * @param backchannelLogoutUri where the server posts logout tokens when a session the
 * client took part in ends (OpenID Connect Back-Channel Logout 1.0 §2.2)
 * @param backchannelLogoutSessionRequired whether the client needs the {@code sid} in
 * logout tokens; this server always sends it
 * @param frontchannelLogoutUri what the logout page loads in an iframe, with {@code iss}
 * and {@code sid} (OpenID Connect Front-Channel Logout 1.0 §2)
 * @param frontchannelLogoutSessionRequired whether the client needs {@code iss} and
 * {@code sid} on that URI; this server always adds them
 * @param tlsClientAuthSubjectDn for {@code tls_client_auth}: the subject distinguished
 * name of the client's certificate, as RFC 4514 writes it (RFC 8705 §2.1.2)
 * @param tlsClientAuthSanDns for {@code tls_client_auth}: a {@code dNSName} subject
 * alternative name of the client's certificate
 * @param tlsClientAuthSanUri for {@code tls_client_auth}: a
 * {@code uniformResourceIdentifier} subject alternative name
 * @param tlsClientAuthSanIp for {@code tls_client_auth}: an {@code iPAddress} subject
 * alternative name, IPv4 dotted decimal or IPv6 (RFC 5952)
 * @param tlsClientAuthSanEmail for {@code tls_client_auth}: an {@code rfc822Name} subject
 * alternative name
 * @param tlsClientCertificateBoundAccessTokens whether the client's access tokens are
 * bound to the certificate it requests them with (RFC 8705 §3.4)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientMetadata(@JsonProperty("redirect_uris") List<String> redirectUris,
		@JsonProperty("post_logout_redirect_uris") List<String> postLogoutRedirectUris,
		@JsonProperty("grant_types") List<String> grantTypes,
		@JsonProperty("response_types") List<String> responseTypes,
		@JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod, @JsonProperty("scope") String scope,
		@JsonProperty("client_name") String clientName,
		@JsonProperty("token_endpoint_auth_signing_alg") String tokenEndpointAuthSigningAlg,
		@JsonProperty("jwks_uri") String jwksUri, @JsonProperty("jwks") Map<String, Object> jwks,
		@JsonProperty("default_max_age") Integer defaultMaxAge,
		@JsonProperty("require_auth_time") Boolean requireAuthTime,
		@JsonProperty("backchannel_logout_uri") String backchannelLogoutUri,
		@JsonProperty("backchannel_logout_session_required") Boolean backchannelLogoutSessionRequired,
		@JsonProperty("frontchannel_logout_uri") String frontchannelLogoutUri,
		@JsonProperty("frontchannel_logout_session_required") Boolean frontchannelLogoutSessionRequired,
		@JsonProperty("tls_client_auth_subject_dn") String tlsClientAuthSubjectDn,
		@JsonProperty("tls_client_auth_san_dns") String tlsClientAuthSanDns,
		@JsonProperty("tls_client_auth_san_uri") String tlsClientAuthSanUri,
		@JsonProperty("tls_client_auth_san_ip") String tlsClientAuthSanIp,
		@JsonProperty("tls_client_auth_san_email") String tlsClientAuthSanEmail,
		@JsonProperty("tls_client_certificate_bound_access_tokens") Boolean tlsClientCertificateBoundAccessTokens,
		@JsonProperty("require_pushed_authorization_requests") Boolean requirePushedAuthorizationRequests,
		@JsonProperty("require_signed_request_object") Boolean requireSignedRequestObject,
		@JsonProperty("fapi2_security_profile") Boolean fapi2SecurityProfile) {

	/** Not a member of RFC 7591's metadata, so not in a registration response. */
	@JsonIgnore
	public boolean isPublicClient() {
		return ClientMetadataValidator.NONE.equals(this.tokenEndpointAuthMethod);
	}

	/**
	 * Whether the client authenticates with a secret the server issues; a
	 * {@code private_key_jwt} client and a client with a certificate have none.
	 */
	public boolean usesSecret() {
		return !isPublicClient() && !ClientMetadataValidator.PRIVATE_KEY_JWT.equals(this.tokenEndpointAuthMethod)
				&& !ClientMetadataValidator.CERTIFICATE_METHODS.contains(this.tokenEndpointAuthMethod);
	}

	/**
	 * This metadata with the client authentication (method, algorithm, keys and the
	 * certificate value of {@code tls_client_auth}) of {@code existing}.
	 */
	public ClientMetadata withClientAuthenticationOf(ClientMetadata existing) {
		return new ClientMetadata(this.redirectUris, this.postLogoutRedirectUris, this.grantTypes, this.responseTypes,
				existing.tokenEndpointAuthMethod(), this.scope, this.clientName, existing.tokenEndpointAuthSigningAlg(),
				existing.jwksUri(), existing.jwks(), this.defaultMaxAge, this.requireAuthTime,
				this.backchannelLogoutUri, this.backchannelLogoutSessionRequired, this.frontchannelLogoutUri,
				this.frontchannelLogoutSessionRequired, existing.tlsClientAuthSubjectDn(),
				existing.tlsClientAuthSanDns(), existing.tlsClientAuthSanUri(), existing.tlsClientAuthSanIp(),
				existing.tlsClientAuthSanEmail(), this.tlsClientCertificateBoundAccessTokens,
				this.requirePushedAuthorizationRequests, this.requireSignedRequestObject, this.fapi2SecurityProfile);
	}

}
