package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import dev.authserver.keys.KeyEncryptionCipher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * {@code client_secret_jwt} secrets follow a change of the key-encryption key, as the
 * private signing keys do: after one start with the old key listed as a previous one, the
 * old key can go.
 */
@JdbcTest
class ClientSecretReencryptionTests {

	private static final String SECRET = "a-client-secret-of-at-least-thirty-two-characters";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcOperations jdbcOperations;

	@Test
	void reencryptWhenASecretIsUnderAPreviousKeyThenItMovesToTheCurrentOneOnce() {
		SecretKey oldKey = aesKey();
		SecretKey newKey = aesKey();
		CachingRegisteredClientRepository clients = new CachingRegisteredClientRepository(this.jdbcOperations,
				new ClientCacheProperties(Duration.ofSeconds(30), 100));
		JdbcRegisteredClientStore store = new JdbcRegisteredClientStore(this.jdbc, clients,
				new ClientCacheProperties(Duration.ofSeconds(30), 100));
		ClientSecretEncoder underOldKey = new ClientSecretEncoder(new KeyEncryptionCipher(oldKey, List.of()));
		ClientSecretEncoder afterChange = new ClientSecretEncoder(new KeyEncryptionCipher(newKey, List.of(oldKey)));
		ClientSecretEncoder withoutOldKey = new ClientSecretEncoder(new KeyEncryptionCipher(newKey, List.of()));
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("signing-" + UUID.randomUUID())
			.clientSecret(underOldKey.encodeFor(Set.of(ClientAuthenticationMethod.CLIENT_SECRET_JWT), SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.build();
		clients.save(client);

		int first = store.reencryptSecretsUnderCurrentKey(afterChange);
		int second = store.reencryptSecretsUnderCurrentKey(afterChange);

		String stored = this.jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE id = ?")
			.param(client.getId())
			.query(String.class)
			.single();
		assertThat(first).isEqualTo(1);
		assertThat(second).as("already under the current key").isZero();
		assertThat(stored).startsWith("{encrypted}").doesNotContain(SECRET);
		assertThat(withoutOldKey.decrypt(stored)).as("readable once the old key is gone").isEqualTo(SECRET);
		assertThat(clients.findById(client.getId()).getClientSecret()).as("not a stale cached copy").isEqualTo(stored);
	}

	private static SecretKey aesKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return new SecretKeySpec(key, "AES");
	}

}
