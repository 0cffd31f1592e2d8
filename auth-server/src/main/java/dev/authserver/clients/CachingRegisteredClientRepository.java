package dev.authserver.clients;

import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The framework's JDBC repository with a bounded cache in front, keyed by id and by
 * client id: every token request and every stored authorization looks a client up, and
 * clients rarely change.
 * <p>
 * A change made through this instance (save, or {@link #evict} from the store) takes
 * effect here once its transaction ends ({@link AfterTransaction}); other instances see
 * it within {@code authserver.clients.cache.time-to-live}. Losing the cache is harmless.
 * <p>
 * Every client read here replaces its refresh token at each use (RFC 9700 §4.14.2),
 * whatever its stored settings say: the framework's default, which rows written before
 * this rule or by hand may still hold, is to reuse them. All reads of clients, by the
 * protocol endpoints, the authorization store and the console, come through here.
 */
class CachingRegisteredClientRepository extends JdbcRegisteredClientRepository {

	private final Cache<String, RegisteredClient> byId;

	private final Cache<String, RegisteredClient> byClientId;

	CachingRegisteredClientRepository(JdbcOperations jdbcOperations, ClientCacheProperties properties) {
		super(jdbcOperations);
		RowMapper<RegisteredClient> storedClients = getRegisteredClientRowMapper();
		setRegisteredClientRowMapper(
				(row, rowNumber) -> withRotatingRefreshTokens(storedClients.mapRow(row, rowNumber)));
		this.byId = newCache(properties);
		this.byClientId = newCache(properties);
	}

	@Override
	public RegisteredClient findById(String id) {
		return cached(this.byId, id, super::findById);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return cached(this.byClientId, clientId, super::findByClientId);
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		super.save(registeredClient);
		evict(registeredClient.getId());
	}

	/**
	 * Forgets the client with this id when the current transaction ends, after a change
	 * made outside {@link #save}.
	 */
	void evict(String id) {
		AfterTransaction.run(() -> evictNow(id));
	}

	private void evictNow(String id) {
		RegisteredClient cached = this.byId.getIfPresent(id);
		this.byId.invalidate(id);
		if (cached != null) {
			this.byClientId.invalidate(cached.getClientId());
		}
		else {
			// Not cached by id, so its client id is unknown here: a rare path, and
			// dropping all is always correct.
			this.byClientId.invalidateAll();
		}
	}

	private static RegisteredClient withRotatingRefreshTokens(RegisteredClient client) {
		if (!client.getTokenSettings().isReuseRefreshTokens()) {
			return client;
		}
		return RegisteredClient.from(client)
			.tokenSettings(TokenSettings.withSettings(client.getTokenSettings().getSettings())
				.reuseRefreshTokens(false)
				.build())
			.build();
	}

	/**
	 * Loads and caches in one atomic step, so an eviction that comes during a load waits
	 * for it and then removes what it loaded, which may be the row from before the
	 * change. Caffeine stores nothing when the loader finds nothing, so lookups of
	 * made-up client ids do not push real clients out.
	 */
	private static RegisteredClient cached(Cache<String, RegisteredClient> cache, String key,
			Function<String, RegisteredClient> loader) {
		return cache.get(key, loader);
	}

	private static Cache<String, RegisteredClient> newCache(ClientCacheProperties properties) {
		return Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.expireAfterWrite(properties.timeToLive())
			.build();
	}

}
