package dev.authserver.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

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
 * The console's user search finds names that contain the text as typed, any case, on H2
 * and on PostgreSQL alike: {@code %}, {@code _} and {@code \} are characters to find, not
 * wildcards.
 */
class JdbcUserAccountRepositorySearchTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	static Stream<Arguments> databases() throws IOException {
		String h2 = "jdbc:h2:file:" + Files.createTempDirectory("search").resolve("authserver");
		return Stream.of(Arguments.of("h2", new DriverManagerDataSource(h2, "sa", "")),
				Arguments.of("postgresql", postgres.getPostgresDatabase()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void searchWhenTextHoldsLikeWildcardsThenFindsThemAsCharacters(String vendor, DataSource dataSource) {
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
			.load()
			.migrate();
		JdbcUserAccountRepository accounts = new JdbcUserAccountRepository(JdbcClient.create(dataSource));
		for (String username : List.of("search_under", "searchXunder", "search%percent", "search\\slash")) {
			accounts.create(new UserAccount(username, "{noop}unused", "Name of " + username, null, false, true,
					Set.of("USER")));
		}

		assertThat(usernames(accounts, "search_")).containsExactly("search_under");
		assertThat(usernames(accounts, "H%P")).containsExactly("search%percent");
		assertThat(usernames(accounts, "h\\s")).containsExactly("search\\slash");
		assertThat(usernames(accounts, "NAME OF SEARCHX")).containsExactly("searchXunder");
		assertThat(usernames(accounts, "search")).hasSize(4);
	}

	private static List<String> usernames(JdbcUserAccountRepository accounts, String query) {
		return accounts.search(query, 10).stream().map(UserAccount::username).toList();
	}

}
