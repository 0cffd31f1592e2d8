package dev.authserver.factors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import dev.authserver.FreshServerInitializer;
import dev.authserver.PostgresDatabases;
import dev.authserver.factors.JdbcSecondFactorRequirements.Kind;
import dev.authserver.keys.KeyEncryptionCipher;
import dev.authserver.keys.OpaqueTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The V23 tables on H2 and on a real PostgreSQL, through the repositories the server
 * uses: a secret encrypted and bound to its account, each time step claimed once by one
 * statement (what makes a code single-use across instances), recovery codes used once,
 * requirements by user and role, and everything gone with the account.
 */
class SecondFactorStorageTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	static Stream<Arguments> databases() {
		Supplier<DataSource> h2 = () -> new DriverManagerDataSource(
				"jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("authserver"), "sa", "");
		Supplier<DataSource> postgresql = () -> new DriverManagerDataSource(PostgresDatabases.create(postgres),
				"postgres", "postgres");
		return Stream.of(Arguments.of("H2", "h2", h2), Arguments.of("PostgreSQL", "postgresql", postgresql));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void storageWhenUsedThenEncryptedOncePerStepAndGoneWithTheAccount(String name, String vendor,
			Supplier<DataSource> database) {
		DataSource dataSource = database.get();
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
			.load()
			.migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		KeyEncryptionCipher cipher = new KeyEncryptionCipher(new SecretKeySpec(OpaqueTokens.randomBytes(32), "AES"),
				List.of());
		JdbcTotpCredentials credentials = new JdbcTotpCredentials(jdbc, cipher, Clock.systemUTC());
		JdbcRecoveryCodes recoveryCodes = new JdbcRecoveryCodes(jdbc,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
		JdbcSecondFactorRequirements requirements = new JdbcSecondFactorRequirements(jdbc);
		createAccount(jdbc, "ada", "USER");
		createAccount(jdbc, "bob", "AUDITOR");
		byte[] secret = OpaqueTokens.randomBytes(Totp.SECRET_BYTES);

		assertThat(credentials.savePending("ada", secret)).isTrue();
		assertThat(credentials.find("ada")).get().satisfies((stored) -> {
			assertThat(stored.value()).isEqualTo(secret);
			assertThat(stored.confirmed()).isFalse();
		});
		String ciphertext = jdbc.sql("SELECT secret_ciphertext FROM totp_credential").query(String.class).single();
		assertThat(ciphertext).doesNotContain(Totp.base32(secret));
		assertThat(credentials.claimStep("ada", 100, false)).as("unconfirmed: no sign-in").isFalse();
		assertThat(credentials.claimStep("ada", 100, true)).as("the confirming code").isTrue();
		assertThat(credentials.savePending("ada", secret)).as("a confirmed one stays").isFalse();
		assertThat(credentials.claimStep("ada", 100, false)).as("its step again").isFalse();
		assertThat(credentials.claimStep("ada", 99, false)).as("an earlier step").isFalse();
		assertThat(credentials.claimStep("ada", 101, false)).as("the next step, once").isTrue();
		assertThat(credentials.claimStep("ada", 101, false)).isFalse();
		jdbc.sql("UPDATE totp_credential SET user_id = (SELECT id FROM user_account WHERE username = 'bob')").update();
		assertThat(catchThrowable(() -> credentials.find("bob")))
			.as("a secret moved to another account does not decrypt")
			.isInstanceOf(IllegalStateException.class);
		jdbc.sql("UPDATE totp_credential SET user_id = (SELECT id FROM user_account WHERE username = 'ada')").update();

		List<String> codes = recoveryCodes.regenerate("ada");
		assertThat(codes).hasSize(JdbcRecoveryCodes.COUNT);
		assertThat(recoveryCodes.use("ada", codes.get(0).toLowerCase(Locale.ROOT))).isTrue();
		assertThat(recoveryCodes.use("ada", codes.get(0))).isFalse();
		assertThat(recoveryCodes.use("bob", codes.get(1))).as("another user's code").isFalse();
		assertThat(recoveryCodes.remaining("ada")).isEqualTo(JdbcRecoveryCodes.COUNT - 1);

		assertThat(requirements.isRequiredOf("ada")).as("has a confirmed authenticator").isTrue();
		assertThat(requirements.isRequiredOf("bob")).isFalse();
		requirements.set(Kind.ROLE, "AUDITOR", true);
		assertThat(requirements.isRequiredOf("bob")).isTrue();
		requirements.set(Kind.ROLE, "AUDITOR", false);
		requirements.set(Kind.USER, "bob", true);
		assertThat(requirements.isRequiredOf("bob")).isTrue();
		requirements.set(Kind.CLIENT, "demo-web", true);
		assertThat(requirements.isRequired(Kind.CLIENT, "demo-web")).isTrue();

		jdbc.sql("DELETE FROM user_account WHERE username = 'ada'").update();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM totp_credential").query(Integer.class).single()).isZero();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM recovery_code").query(Integer.class).single()).isZero();
	}

	private static void createAccount(JdbcClient jdbc, String username, String role) {
		jdbc.sql("INSERT INTO user_account (username, password_hash, display_name, created_at) VALUES (?, ?, ?, ?)")
			.param(username)
			.param("{noop}unused")
			.param(username)
			.param(Timestamp.from(Instant.now()))
			.update();
		jdbc.sql("INSERT INTO user_role (user_id, role) VALUES ((SELECT id FROM user_account WHERE username = ?), ?)")
			.param(username)
			.param(role)
			.update();
	}

}
