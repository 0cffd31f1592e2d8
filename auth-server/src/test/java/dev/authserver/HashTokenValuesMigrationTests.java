package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Upgrading a database that holds tokens in clear: the migration turns them into the
 * hashes the server looks up, so tokens issued before the upgrade keep working.
 */
class HashTokenValuesMigrationTests {

	@Test
	void migrationWhenTokensWereStoredInClearThenTheyAreReplacedByTheirHashes() throws Exception {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:file:" + FreshServerInitializer.newDataDirectory().resolve("upgrade"), "sa", "");
		Flyway.configure().dataSource(dataSource).target("5").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("""
				INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
				    access_token_value, refresh_token_value)
				VALUES ('a1', 'c1', 'alice', 'authorization_code', 'eyJ.an-access-token.sig', 'a-refresh-token')""")
			.update();

		Flyway.configure().dataSource(dataSource).load().migrate();

		assertThat(jdbc.sql("SELECT access_token_value FROM oauth2_authorization WHERE id = 'a1'")
			.query(String.class)
			.single()).isEqualTo(sha256("eyJ.an-access-token.sig"));
		assertThat(jdbc.sql("SELECT refresh_token_value FROM oauth2_authorization WHERE id = 'a1'")
			.query(String.class)
			.single()).isEqualTo(sha256("a-refresh-token"));
	}

	private static String sha256(String value) throws Exception {
		return "sha256:" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

}
