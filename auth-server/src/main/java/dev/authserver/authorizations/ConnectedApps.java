package dev.authserver.authorizations;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The apps a user has consented to, and taking that consent back. Revoking also revokes
 * every token the app holds for the user: without it, a refresh token would keep the
 * app's access alive.
 */
public class ConnectedApps {

	private static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

	private final JdbcClient jdbc;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	ConnectedApps(JdbcClient jdbc, RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents) {
		this.jdbc = jdbc;
		this.clients = clients;
		this.consents = consents;
	}

	/** The apps the user has consented to, by name, with the scopes granted. */
	public List<ConnectedApp> of(String principalName) {
		return this.jdbc.sql("""
				SELECT r.client_id, r.client_name, c.authorities FROM oauth2_authorization_consent c
				JOIN oauth2_registered_client r ON r.id = c.registered_client_id
				WHERE c.principal_name = ? ORDER BY r.client_name, r.client_id""")
			.param(principalName)
			.query((rs, row) -> new ConnectedApp(rs.getString("client_id"), rs.getString("client_name"),
					scopes(rs.getString("authorities"))))
			.list();
	}

	/**
	 * Removes the user's consent to the app and revokes the tokens and codes the app
	 * holds for the user.
	 * @return false when the user had not consented to that app
	 */
	@Transactional
	public boolean revoke(String principalName, String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		OAuth2AuthorizationConsent consent = (client != null) ? this.consents.findById(client.getId(), principalName)
				: null;
		if (consent == null) {
			return false;
		}
		this.consents.remove(consent);
		this.jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = ? AND principal_name = ?")
			.param(client.getId())
			.param(principalName)
			.update();
		return true;
	}

	private static List<String> scopes(String authorities) {
		return Arrays.stream(authorities.split(","))
			.map(String::strip)
			.filter((authority) -> authority.startsWith(SCOPE_AUTHORITY_PREFIX))
			.map((authority) -> authority.substring(SCOPE_AUTHORITY_PREFIX.length()))
			.sorted()
			.collect(Collectors.toList());
	}

	/** An app the user has consented to. */
	public record ConnectedApp(String clientId, String clientName, List<String> scopes) {
	}

}
