package dev.authserver.clients;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the framework's {@code JdbcRegisteredClientRepository} does not do: list and
 * search clients, enable and disable them, delete them, and revoke every token a client
 * holds.
 */
class JdbcRegisteredClientStore {

	private static final Logger log = LoggerFactory.getLogger(JdbcRegisteredClientStore.class);

	private final JdbcClient jdbc;

	private final CachingRegisteredClientRepository clients;

	/**
	 * Asked on every protocol request that names a client, so cached like the clients
	 * themselves.
	 */
	private final Cache<String, Boolean> enabledById;

	JdbcRegisteredClientStore(JdbcClient jdbc, CachingRegisteredClientRepository clients,
			ClientCacheProperties properties) {
		this.jdbc = jdbc;
		this.clients = clients;
		this.enabledById = Caffeine.newBuilder()
			.maximumSize(properties.maximumSize())
			.expireAfterWrite(properties.timeToLive())
			.build();
	}

	/**
	 * Clients whose client id or name contains {@code query} (any case), newest first, at
	 * most {@code limit}. {@code POSITION}, unlike {@code LIKE}, takes the text as it is:
	 * nothing to escape.
	 */
	public List<ClientSummary> search(String query, int limit) {
		return this.jdbc.sql("""
				SELECT id, client_id, client_name, authorization_grant_types, client_id_issued_at, enabled
				FROM oauth2_registered_client
				WHERE POSITION(:query IN LOWER(client_id)) > 0 OR POSITION(:query IN LOWER(client_name)) > 0
				ORDER BY client_id_issued_at DESC, client_id
				LIMIT :limit""")
			.param("query", query.toLowerCase(Locale.ROOT))
			.param("limit", limit)
			.query((rs, rowNum) -> new ClientSummary(rs.getString("id"), rs.getString("client_id"),
					rs.getString("client_name"), rs.getString("authorization_grant_types"),
					rs.getTimestamp("client_id_issued_at").toInstant(), rs.getBoolean("enabled")))
			.list();
	}

	public boolean isEnabled(String id) {
		return this.enabledById.get(id,
				(key) -> this.jdbc.sql("SELECT enabled FROM oauth2_registered_client WHERE id = :id")
					.param("id", key)
					.query(Boolean.class)
					.optional()
					.orElse(false));
	}

	/**
	 * Disabling also revokes the client's tokens: a disabled client holds nothing that
	 * still works.
	 */
	@Transactional
	public void setEnabled(String id, boolean enabled) {
		this.jdbc.sql("UPDATE oauth2_registered_client SET enabled = :enabled WHERE id = :id")
			.param("enabled", enabled)
			.param("id", id)
			.update();
		if (!enabled) {
			revokeTokens(id);
		}
		forget(id);
	}

	/** Deletes the client with its tokens, consents and registration. */
	@Transactional
	public void delete(String id) {
		revokeTokens(id);
		this.jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = :id")
			.param("id", id)
			.update();
		this.jdbc.sql("DELETE FROM oauth2_registered_client WHERE id = :id").param("id", id).update();
		forget(id);
	}

	/**
	 * Revokes every code, access, refresh and ID token of the client by deleting its
	 * authorizations: introspection then answers {@code active: false} and refresh fails.
	 */
	public int revokeTokens(String id) {
		return this.jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = :id")
			.param("id", id)
			.update();
	}

	/**
	 * Re-encrypts, under the current key-encryption key, every {@code client_secret_jwt}
	 * secret still stored under a previous one, so the previous key can be dropped from
	 * the configuration; returns how many it re-encrypted. A secret no configured key
	 * opens is left as it is, and named in the log: its client cannot authenticate until
	 * the key it was encrypted with is configured again.
	 */
	int reencryptSecretsUnderCurrentKey(ClientSecretEncoder secrets) {
		List<StoredSecret> stored = this.jdbc.sql("""
				SELECT id, client_id, client_secret FROM oauth2_registered_client
				WHERE client_secret LIKE '{encrypted}%'""")
			.query((rs, rowNum) -> new StoredSecret(rs.getString("id"), rs.getString("client_id"),
					rs.getString("client_secret")))
			.list();
		int reencrypted = 0;
		for (StoredSecret row : stored) {
			Optional<String> underCurrentKey;
			try {
				underCurrentKey = secrets.reencryptedUnderCurrentKey(row.secret());
			}
			catch (IllegalStateException ex) {
				log.error("Cannot read the secret of client {}: {}", row.clientId(), ex.getMessage());
				continue;
			}
			if (underCurrentKey.isPresent()) {
				this.jdbc.sql("UPDATE oauth2_registered_client SET client_secret = :secret WHERE id = :id")
					.param("secret", underCurrentKey.get())
					.param("id", row.id())
					.update();
				this.clients.evict(row.id());
				reencrypted++;
			}
		}
		if (reencrypted > 0) {
			log.info("Re-encrypted {} client secret(s) under the current key-encryption key", reencrypted);
		}
		return reencrypted;
	}

	/**
	 * Forgets the client when the current transaction ends (see
	 * {@link AfterTransaction}).
	 */
	private void forget(String id) {
		AfterTransaction.run(() -> this.enabledById.invalidate(id));
		this.clients.evict(id);
	}

	private record StoredSecret(String id, String clientId, String secret) {
	}

	/**
	 * A row of the client list.
	 */
	public record ClientSummary(String id, String clientId, String clientName, String grantTypes, Instant issuedAt,
			boolean enabled) {
	}

}
