package dev.authserver;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Rolling upgrades across schema changes are not supported (docs/upgrades.md): a release
 * refuses to start on a database that a newer release has migrated, with a message that
 * says so and what to do, instead of running on a schema it does not know.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchemaFromNewerReleaseTests {

	@Test
	void startWhenDatabaseMigratedByNewerReleaseThenRefusedWithClearMessage(CapturedOutput output) {
		Path directory = FreshServerInitializer.newDataDirectory();
		String jdbcUrl = "jdbc:h2:file:" + directory.resolve("authserver");
		Map<String, Object> properties = StandaloneServers.properties(FreshServerInitializer.freePort(), jdbcUrl,
				directory.resolve("dev-key-encryption.key"));
		try (ConfigurableApplicationContext server = StandaloneServers.start(properties)) {
			assertThat(server.isRunning()).isTrue();
		}
		JdbcClient database = JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "sa", ""));
		database
			.sql("""
					INSERT INTO "flyway_schema_history" ("installed_rank", "version", "description", "type", "script",
					    "checksum", "installed_by", "installed_on", "execution_time", "success")
					SELECT MAX("installed_rank") + 1, '999', 'from a newer release', 'SQL', 'V999__from_a_newer_release.sql',
					    0, 'sa', CURRENT_TIMESTAMP, 1, TRUE FROM "flyway_schema_history"
					""")
			.update();

		assertThatException().isThrownBy(() -> StandaloneServers.start(properties).close());

		assertThat(output).contains("This database was migrated by a newer release of the auth-server")
			.contains("schema version 999")
			.contains("docs/upgrades.md");
	}

}
