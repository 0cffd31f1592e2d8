package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The client cache on the real schema: it answers from memory, and forgets a client as
 * soon as a change made here is committed. The tests commit, as the server does, so that
 * other threads see what they wrote.
 */
@JdbcTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class CachingRegisteredClientRepositoryTests {

	@Autowired
	JdbcOperations jdbcOperations;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactionManager;

	CachingRegisteredClientRepository clients;

	JdbcRegisteredClientStore store;

	@BeforeEach
	void repository() {
		ClientCacheProperties properties = new ClientCacheProperties(Duration.ofMinutes(5), 100);
		this.clients = new CachingRegisteredClientRepository(this.jdbcOperations, properties);
		this.store = new JdbcRegisteredClientStore(this.jdbc, this.clients, properties);
		this.jdbc.sql("DELETE FROM oauth2_registered_client WHERE client_id = 'cached'").update();
		this.clients.save(client("cached", "Original name"));
	}

	@Test
	void findByClientIdWhenAskedAgainThenAnswersFromTheCache() {
		assertThat(this.clients.findByClientId("cached").getClientName()).isEqualTo("Original name");
		renameInDatabase("cached", "Changed behind its back");

		assertThat(this.clients.findByClientId("cached").getClientName()).isEqualTo("Original name");
	}

	@Test
	void saveWhenClientChangesThroughThisInstanceThenTheNextLookupSeesIt() {
		RegisteredClient cached = this.clients.findByClientId("cached");

		this.clients.save(RegisteredClient.from(cached).clientName("Renamed").build());

		assertThat(this.clients.findByClientId("cached").getClientName()).isEqualTo("Renamed");
		assertThat(this.clients.findById(cached.getId()).getClientName()).isEqualTo("Renamed");
	}

	@Test
	void saveWhenAnotherRequestReadsTheClientBeforeTheCommitThenTheChangeIsSeenAfterIt() {
		RegisteredClient cached = this.clients.findByClientId("cached");

		inTransaction(() -> {
			this.clients.save(RegisteredClient.from(cached).clientName("Renamed").build());
			assertThat(onAnotherConnection(() -> this.clients.findByClientId("cached").getClientName()))
				.isEqualTo("Original name");
		});

		assertThat(this.clients.findByClientId("cached").getClientName()).isEqualTo("Renamed");
		assertThat(this.clients.findById(cached.getId()).getClientName()).isEqualTo("Renamed");
	}

	@Test
	void setEnabledWhenAnotherRequestAsksBeforeTheCommitThenTheClientIsDisabledAfterIt() {
		String id = this.clients.findByClientId("cached").getId();
		assertThat(this.store.isEnabled(id)).isTrue();

		inTransaction(() -> {
			this.store.setEnabled(id, false);
			assertThat(onAnotherConnection(() -> this.store.isEnabled(id))).isTrue();
		});

		assertThat(this.store.isEnabled(id)).isFalse();
	}

	@Test
	void setEnabledAndDeleteWhenClientChangesThroughTheStoreThenTheCachesForgetIt() {
		RegisteredClient cached = this.clients.findByClientId("cached");
		assertThat(this.store.isEnabled(cached.getId())).isTrue();

		this.store.setEnabled(cached.getId(), false);
		assertThat(this.store.isEnabled(cached.getId())).isFalse();

		this.store.delete(cached.getId());
		assertThat(this.clients.findByClientId("cached")).isNull();
		assertThat(this.clients.findById(cached.getId())).isNull();
	}

	@Test
	void findByClientIdWhenClientDoesNotExistThenNothingIsCachedForIt() {
		assertThat(this.clients.findByClientId("later")).isNull();

		this.jdbc.sql("DELETE FROM oauth2_registered_client WHERE client_id = 'later'").update();
		new CachingRegisteredClientRepository(this.jdbcOperations,
				new ClientCacheProperties(Duration.ofMinutes(5), 100))
			.save(client("later", "Registered on another instance"));

		assertThat(this.clients.findByClientId("later")).isNotNull();
	}

	private void inTransaction(Runnable work) {
		new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> work.run());
	}

	/**
	 * What a concurrent request sees: it runs on another thread, so outside the
	 * transaction of this one.
	 */
	private static <T> T onAnotherConnection(Supplier<T> read) {
		try {
			return CompletableFuture.supplyAsync(read).get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void renameInDatabase(String clientId, String name) {
		this.jdbc.sql("UPDATE oauth2_registered_client SET client_name = :name WHERE client_id = :clientId")
			.param("name", name)
			.param("clientId", clientId)
			.update();
	}

	private static RegisteredClient client(String clientId, String name) {
		return RegisteredClient.withId("id-" + clientId)
			.clientId(clientId)
			.clientName(name)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("x")
			.build();
	}

}
