package dev.authserver;

import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The framework's client repository on the real tables, except that the first lookup of
 * each client id finds nothing: what an instance sees when another instance, starting on
 * the same database, saves that client right after the lookup.
 */
public class StaleFirstLookupClientRepository extends JdbcRegisteredClientRepository {

	private final Set<String> lookedUp = new HashSet<>();

	public StaleFirstLookupClientRepository(JdbcOperations jdbcOperations) {
		super(jdbcOperations);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.lookedUp.add(clientId) ? null : super.findByClientId(clientId);
	}

}
