package dev.authserver.clients;

import java.time.Instant;
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
 */
record ClientDetails(String clientId, String clientName, Instant issuedAt, boolean enabled, boolean publicClient,
		List<String> authenticationMethods, List<String> grantTypes, List<String> redirectUris,
		List<String> postLogoutRedirectUris, List<String> scopes, String accessTokenTimeToLive,
		String refreshTokenTimeToLive, List<String> resources, boolean declared) {

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
				declared);
	}

}
