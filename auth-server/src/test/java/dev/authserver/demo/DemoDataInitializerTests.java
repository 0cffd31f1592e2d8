package dev.authserver.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;

import dev.authserver.StaleFirstLookupClientRepository;
import dev.authserver.clients.TestClientSecretEncoders;
import dev.authserver.users.JdbcUserAccountRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * The demo data on the real schema, as instances starting together on one database create
 * it.
 */
@JdbcTest(includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
		classes = JdbcUserAccountRepository.class))
class DemoDataInitializerTests {

	private static final DemoProperties PROPERTIES = new DemoProperties(true, "demo-test-password",
			"admin-test-password", "web-test-secret", "m2m-test-secret", "http://127.0.0.1:8080",
			Duration.ofMinutes(5));

	@Autowired
	JdbcOperations jdbcOperations;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Test
	void startWhenAnotherInstanceSavesTheDemoClientsAfterTheLookupThenStartsWithTheirs() {
		initializer(new JdbcRegisteredClientRepository(this.jdbcOperations)).afterSingletonsInstantiated();
		DemoDataInitializer late = initializer(new StaleFirstLookupClientRepository(this.jdbcOperations));

		assertThatNoException().isThrownBy(late::afterSingletonsInstantiated);
		assertThat(this.jdbc.sql("SELECT client_id FROM oauth2_registered_client ORDER BY client_id")
			.query(String.class)
			.list()).containsExactly("demo-m2m", "demo-public", "demo-web");
	}

	private DemoDataInitializer initializer(JdbcRegisteredClientRepository clients) {
		return new DemoDataInitializer(PROPERTIES, this.accounts, clients,
				PasswordEncoderFactories.createDelegatingPasswordEncoder(), TestClientSecretEncoders.withTestKey());
	}

}
