package dev.authserver.clients;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authserver.protocol.ClientSignInSettings;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.ConfigurationSettingNames;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Maps validated {@link ClientMetadata} onto a {@link RegisteredClient} and back, for
 * registered and console clients alike.
 */
public final class ClientMetadataMapping {

	/**
	 * The client settings that hold the logout metadata; the framework has none of its
	 * own.
	 */
	public static final String BACKCHANNEL_LOGOUT_URI = "settings.client.backchannel-logout-uri";

	public static final String BACKCHANNEL_LOGOUT_SESSION_REQUIRED = "settings.client.backchannel-logout-session-required";

	static final String FRONTCHANNEL_LOGOUT_URI = "settings.client.frontchannel-logout-uri";

	static final String FRONTCHANNEL_LOGOUT_SESSION_REQUIRED = "settings.client.frontchannel-logout-session-required";

	/**
	 * The client settings of RFC 9126 §6's {@code require_pushed_authorization_requests}
	 * and RFC 9101 §10.5's {@code require_signed_request_object}: booleans, present only
	 * when true.
	 */
	public static final String REQUIRE_PUSHED_AUTHORIZATION_REQUESTS = "settings.client.require-pushed-authorization-requests";

	public static final String REQUIRE_SIGNED_REQUEST_OBJECT = "settings.client.require-signed-request-object";

	/**
	 * The client setting of this server's {@code fapi2_security_profile} metadata: a
	 * boolean, present only when true, that holds the client to the FAPI 2.0 Security
	 * Profile's rules.
	 */
	public static final String FAPI2_SECURITY_PROFILE = "settings.client.fapi2-security-profile";

	private ClientMetadataMapping() {
	}

	/** The metadata of a registered client, as RFC 7591 names it. */
	public static ClientMetadata metadataOf(RegisteredClient client) {
		List<String> grantTypes = client.getAuthorizationGrantTypes()
			.stream()
			.map(AuthorizationGrantType::getValue)
			.sorted()
			.toList();
		JwsAlgorithm signingAlg = client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
		ClientSettings settings = client.getClientSettings();
		String jwks = settings.getSetting(ClientAssertionDecoderFactory.JWKS_SETTING);
		return new ClientMetadata(List.copyOf(client.getRedirectUris()),
				List.copyOf(client.getPostLogoutRedirectUris()), grantTypes,
				grantTypes.contains(ClientMetadataValidator.AUTHORIZATION_CODE) ? List.of("code") : List.of(),
				reportedAuthenticationMethod(client), String.join(" ", client.getScopes()), client.getClientName(),
				(signingAlg != null) ? signingAlg.getName() : null, client.getClientSettings().getJwkSetUrl(),
				(jwks != null) ? jsonObject(jwks) : null,
				ClientSignInSettings.defaultMaxAge(client).map((maxAge) -> (int) maxAge.toSeconds()).orElse(null),
				ClientSignInSettings.requiresAuthTime(client) ? Boolean.TRUE : null,
				settings.getSetting(BACKCHANNEL_LOGOUT_URI), settings.getSetting(BACKCHANNEL_LOGOUT_SESSION_REQUIRED),
				settings.getSetting(FRONTCHANNEL_LOGOUT_URI), settings.getSetting(FRONTCHANNEL_LOGOUT_SESSION_REQUIRED),
				settings.getX509CertificateSubjectDN(), TlsClientAuthSettings.sanDns(client),
				TlsClientAuthSettings.sanUri(client), TlsClientAuthSettings.sanIp(client),
				TlsClientAuthSettings.sanEmail(client),
				client.getTokenSettings().isX509CertificateBoundAccessTokens() ? Boolean.TRUE : null,
				settings.getSetting(REQUIRE_PUSHED_AUTHORIZATION_REQUESTS),
				settings.getSetting(REQUIRE_SIGNED_REQUEST_OBJECT), settings.getSetting(FAPI2_SECURITY_PROFILE));
	}

	/**
	 * The one {@code token_endpoint_auth_method} RFC 7591 metadata can name, for a client
	 * that may have several.
	 */
	static String reportedAuthenticationMethod(RegisteredClient client) {
		return client.getClientAuthenticationMethods()
			.stream()
			.map(ClientAuthenticationMethod::getValue)
			.sorted()
			.findFirst()
			.orElse("client_secret_basic");
	}

	static ClientAuthenticationMethod authenticationMethod(ClientMetadata metadata) {
		return new ClientAuthenticationMethod(metadata.tokenEndpointAuthMethod());
	}

	/**
	 * Completes {@code builder} (which holds the id, client id and secret) with the
	 * metadata.
	 * @param clientSettings the settings the client keeps, such as its resource servers,
	 * which are no RFC 7591 metadata
	 */
	static RegisteredClient build(RegisteredClient.Builder builder, String clientId, ClientMetadata metadata,
			ClientSettings.Builder clientSettings) {
		clientSettings
			// PKCE for every client, confidential ones included (RFC 9700 §2.1.1);
			// third-party apps ask consent.
			.requireProofKey(true)
			.requireAuthorizationConsent(true)
			// How the client signs its assertions comes from the metadata alone: what an
			// update leaves out is gone.
			.settings((settings) -> {
				settings.remove(ConfigurationSettingNames.Client.TOKEN_ENDPOINT_AUTHENTICATION_SIGNING_ALGORITHM);
				settings.remove(ConfigurationSettingNames.Client.JWK_SET_URL);
				settings.remove(ClientAssertionDecoderFactory.JWKS_SETTING);
				settings.remove(ClientSignInSettings.DEFAULT_MAX_AGE);
				settings.remove(ClientSignInSettings.REQUIRE_AUTH_TIME);
				settings.remove(BACKCHANNEL_LOGOUT_URI);
				settings.remove(BACKCHANNEL_LOGOUT_SESSION_REQUIRED);
				settings.remove(FRONTCHANNEL_LOGOUT_URI);
				settings.remove(FRONTCHANNEL_LOGOUT_SESSION_REQUIRED);
				settings.remove(ConfigurationSettingNames.Client.X509_CERTIFICATE_SUBJECT_DN);
				settings.remove(TlsClientAuthSettings.SAN_DNS);
				settings.remove(TlsClientAuthSettings.SAN_URI);
				settings.remove(TlsClientAuthSettings.SAN_IP);
				settings.remove(TlsClientAuthSettings.SAN_EMAIL);
				settings.remove(REQUIRE_PUSHED_AUTHORIZATION_REQUESTS);
				settings.remove(REQUIRE_SIGNED_REQUEST_OBJECT);
				settings.remove(FAPI2_SECURITY_PROFILE);
			});
		putMetadataSettings(clientSettings, metadata);
		if (metadata.tokenEndpointAuthSigningAlg() != null) {
			clientSettings.tokenEndpointAuthenticationSigningAlgorithm(
					ClientAssertionDecoderFactory.algorithmNamed(metadata.tokenEndpointAuthSigningAlg()));
		}
		if (metadata.jwksUri() != null) {
			clientSettings.jwkSetUrl(metadata.jwksUri());
		}
		if (metadata.jwks() != null) {
			clientSettings.setting(ClientAssertionDecoderFactory.JWKS_SETTING,
					JSONObjectUtils.toJSONString(metadata.jwks()));
		}
		builder.clientName((metadata.clientName() != null) ? metadata.clientName() : clientId)
			.clientAuthenticationMethod(authenticationMethod(metadata))
			.clientSettings(clientSettings.build());
		metadata.grantTypes()
			.forEach((grantType) -> builder.authorizationGrantType(new AuthorizationGrantType(grantType)));
		metadata.redirectUris().forEach(builder::redirectUri);
		metadata.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
		List<String> scopes = new ArrayList<>(List.of(metadata.scope().split(" ")));
		builder.scopes((registered) -> registered.addAll(scopes));
		RegisteredClient client = builder.build();
		// The builder's token settings (lifetimes and the rest) are the caller's; only
		// the binding (RFC 8705 §3.4) is metadata.
		return RegisteredClient.from(client)
			.tokenSettings(TokenSettings.withSettings(client.getTokenSettings().getSettings())
				.x509CertificateBoundAccessTokens(Boolean.TRUE.equals(metadata.tlsClientCertificateBoundAccessTokens()))
				.build())
			.build();
	}

	private static void putIfPresent(ClientSettings.Builder clientSettings, String name, String value) {
		if (value != null) {
			clientSettings.setting(name, value);
		}
	}

	/**
	 * The settings of the metadata Boot's client properties have no place for, which
	 * registered and declared clients both have: the value a {@code tls_client_auth}
	 * certificate is matched by, the OpenID Connect sign-in rules and logout URIs, and
	 * the rules of pushed and signed requests.
	 */
	static void putMetadataSettings(ClientSettings.Builder clientSettings, ClientMetadata metadata) {
		if (metadata.tlsClientAuthSubjectDn() != null) {
			clientSettings.x509CertificateSubjectDN(metadata.tlsClientAuthSubjectDn());
		}
		putIfPresent(clientSettings, TlsClientAuthSettings.SAN_DNS, metadata.tlsClientAuthSanDns());
		putIfPresent(clientSettings, TlsClientAuthSettings.SAN_URI, metadata.tlsClientAuthSanUri());
		putIfPresent(clientSettings, TlsClientAuthSettings.SAN_IP, metadata.tlsClientAuthSanIp());
		putIfPresent(clientSettings, TlsClientAuthSettings.SAN_EMAIL, metadata.tlsClientAuthSanEmail());
		if (metadata.defaultMaxAge() != null) {
			clientSettings.setting(ClientSignInSettings.DEFAULT_MAX_AGE, metadata.defaultMaxAge());
		}
		if (Boolean.TRUE.equals(metadata.requireAuthTime())) {
			clientSettings.setting(ClientSignInSettings.REQUIRE_AUTH_TIME, true);
		}
		if (metadata.backchannelLogoutUri() != null) {
			clientSettings.setting(BACKCHANNEL_LOGOUT_URI, metadata.backchannelLogoutUri())
				.setting(BACKCHANNEL_LOGOUT_SESSION_REQUIRED,
						Boolean.TRUE.equals(metadata.backchannelLogoutSessionRequired()));
		}
		if (Boolean.TRUE.equals(metadata.requirePushedAuthorizationRequests())) {
			clientSettings.setting(REQUIRE_PUSHED_AUTHORIZATION_REQUESTS, true);
		}
		if (Boolean.TRUE.equals(metadata.requireSignedRequestObject())) {
			clientSettings.setting(REQUIRE_SIGNED_REQUEST_OBJECT, true);
		}
		if (Boolean.TRUE.equals(metadata.fapi2SecurityProfile())) {
			clientSettings.setting(FAPI2_SECURITY_PROFILE, true);
		}
		if (metadata.frontchannelLogoutUri() != null) {
			clientSettings.setting(FRONTCHANNEL_LOGOUT_URI, metadata.frontchannelLogoutUri())
				.setting(FRONTCHANNEL_LOGOUT_SESSION_REQUIRED,
						Boolean.TRUE.equals(metadata.frontchannelLogoutSessionRequired()));
		}
	}

	private static Map<String, Object> jsonObject(String json) {
		try {
			return JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored jwks is not a JSON object", ex);
		}
	}

}
