package dev.authserver.clients;

import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The framework's JDBC repository with a bounded cache in front, keyed by id and by client id: every token request
 * and every stored authorization looks a client up, and clients rarely change.
 * <p>
 * A change made through this instance (save, or {@link #evict} from the store) takes effect here once its transaction
 * ends ({@link AfterTransaction}); other instances see it within {@code authserver.clients.cache.time-to-live}.
 * Losing the cache is harmless.
 */
class CachingRegisteredClientRepository extends JdbcRegisteredClientRepository {

	private final Cache<String, RegisteredClient> byId;

	private final Cache<String, RegisteredClient> byClientId;

	CachingRegisteredClientRepository(JdbcOperations jdbcOperations, ClientCacheProperties properties) {
		super(jdbcOperations);
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

	/** Forgets the client with this id when the current transaction ends, after a change made outside {@link #save}. */
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
			// Not cached by id, so its client id is unknown here: a rare path, and dropping all is always correct.
			this.byClientId.invalidateAll();
		}
	}

	/**
	 * Loads and caches in one atomic step, so an eviction that comes during a load waits for it and then removes what
	 * it loaded, which may be the row from before the change. Caffeine stores nothing when the loader finds nothing,
	 * so lookups of made-up client ids do not push real clients out.
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
