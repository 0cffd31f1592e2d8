package dev.authserver.clients;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.authserver.tokens.ClientResources;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * A registered client as the console's client page shows it: never its secret, which is
 * stored only as a hash.
 *
 * @param resources the resource servers the client may use, the first being its default
 * audience; empty when it may use every one
 * @param declared the client is declared in the server's configuration, so a restart
 * restores its declaration
 * @param certificateAuthenticated the client authenticates with a certificate (RFC 8705
 * §2), so it has no secret to rotate
 * @param certificateValue what a {@code tls_client_auth} client's certificate must carry,
 * as its metadata names it ({@code tls_client_auth_san_dns: a.example}); null for other
 * clients
 * @param certificateBoundAccessTokens its access tokens are bound to its certificate (RFC
 * 8705 §3)
 */
record ClientDetails(String clientId, String clientName, Instant issuedAt, boolean enabled, boolean publicClient,
		List<String> authenticationMethods, List<String> grantTypes, List<String> redirectUris,
		List<String> postLogoutRedirectUris, List<String> scopes, String accessTokenTimeToLive,
		String refreshTokenTimeToLive, List<String> resources, boolean declared, boolean certificateAuthenticated,
		String certificateValue, boolean certificateBoundAccessTokens) {

	static ClientDetails of(RegisteredClient client, boolean enabled, boolean declared) {
		List<String> authenticationMethods = client.getClientAuthenticationMethods()
			.stream()
			.map(ClientAuthenticationMethod::getValue)
			.sorted()
			.toList();
		return new ClientDetails(client.getClientId(), client.getClientName(), client.getClientIdIssuedAt(), enabled,
				authenticationMethods.contains(ClientAuthenticationMethod.NONE.getValue()), authenticationMethods,
				client.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList(),
				client.getRedirectUris().stream().sorted().toList(),
				client.getPostLogoutRedirectUris().stream().sorted().toList(),
				client.getScopes().stream().sorted().toList(),
				DurationText.format(client.getTokenSettings().getAccessTokenTimeToLive()),
				DurationText.format(client.getTokenSettings().getRefreshTokenTimeToLive()), ClientResources.of(client),
				declared,
				authenticationMethods.stream().anyMatch(ClientMetadataValidator.CERTIFICATE_METHODS::contains),
				certificateValue(ClientMetadataMapping.metadataOf(client)),
				client.getTokenSettings().isX509CertificateBoundAccessTokens());
	}

	private static String certificateValue(ClientMetadata metadata) {
		List<String> values = Arrays.asList(metadata.tlsClientAuthSubjectDn(), metadata.tlsClientAuthSanDns(),
				metadata.tlsClientAuthSanUri(), metadata.tlsClientAuthSanIp(), metadata.tlsClientAuthSanEmail());
		for (int index = 0; index < values.size(); index++) {
			if (values.get(index) != null) {
				return ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS.get(index) + ": " + values.get(index);
			}
		}
		return null;
	}

}
