package dev.authserver.clients;

import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The registered clients the protocol endpoints see: a disabled client is as good as
 * unknown, so it cannot authenticate ({@code invalid_client}) or start an authorization.
 * <p>
 * The stores of authorizations and consents read clients through the plain JDBC
 * repository instead, so that rows of a disabled client can still be read and revoked.
 */
class EnabledClientsRepository implements RegisteredClientRepository {

	private final JdbcRegisteredClientRepository clients;

	private final JdbcRegisteredClientStore store;

	EnabledClientsRepository(JdbcRegisteredClientRepository clients, JdbcRegisteredClientStore store) {
		this.clients = clients;
		this.store = store;
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		this.clients.save(registeredClient);
	}

	@Override
	public RegisteredClient findById(String id) {
		return enabled(this.clients.findById(id));
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return enabled(this.clients.findByClientId(clientId));
	}

	private RegisteredClient enabled(RegisteredClient client) {
		return (client != null && this.store.isEnabled(client.getId())) ? client : null;
	}

}
