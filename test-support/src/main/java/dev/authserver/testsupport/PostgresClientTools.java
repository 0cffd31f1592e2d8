package dev.authserver.testsupport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * PostgreSQL's client programs ({@code pg_dump}, {@code pg_restore}) that the backup
 * tests run as an operator would: Debian's, or on the {@code PATH}. The embedded
 * PostgreSQL server of the tests ships without them.
 */
public final class PostgresClientTools {

	/** What a machine without them lacks, and how to get them. */
	public static final String MISSING = "These tests need pg_dump and pg_restore (/usr/bin or on the PATH): "
			+ "apt-get install postgresql-client";

	private PostgresClientTools() {
	}

	public static Optional<Path> pgDump() {
		return InstalledPrograms.find(Path.of("/usr/bin/pg_dump"), "pg_dump");
	}

	public static Optional<Path> pgRestore() {
		return InstalledPrograms.find(Path.of("/usr/bin/pg_restore"), "pg_restore");
	}

	/** Runs a test class only where both are installed (a failure under CI otherwise). */
	public static final class Required extends InstalledPrograms.Required {

		public Required() {
			super("pg_dump", () -> pgDump().flatMap((dump) -> pgRestore()), MISSING);
		}

	}

}
