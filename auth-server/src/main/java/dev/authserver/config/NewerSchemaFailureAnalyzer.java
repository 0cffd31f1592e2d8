package dev.authserver.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.api.exception.FlywayValidateException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what it means when Flyway finds migrations in the database that this release does
 * not have: a newer release has migrated it. Every instance on one database runs the same
 * release ({@code spring.flyway.ignore-migration-patterns} is empty, so Flyway refuses
 * instead of ignoring them), and this one stops before it serves a schema it does not
 * know.
 */
class NewerSchemaFailureAnalyzer extends AbstractFailureAnalyzer<FlywayValidateException> {

	private static final Pattern NOT_RESOLVED_LOCALLY = Pattern
		.compile("Detected applied migration not resolved locally: ([^.\\s]+(?:\\.[0-9]+)*)");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, FlywayValidateException cause) {
		Matcher versions = NOT_RESOLVED_LOCALLY.matcher(String.valueOf(cause.getMessage()));
		List<String> newer = versions.results().map((result) -> result.group(1)).toList();
		if (newer.isEmpty()) {
			return null;
		}
		return new FailureAnalysis(
				"This database was migrated by a newer release of the auth-server (schema version "
						+ String.join(", ", newer) + ", which this release does not have).",
				"Start the release that migrated it on every instance; this one does not run on a schema it does not "
						+ "know. To go back to this release, restore the backup made before the upgrade "
						+ "(docs/upgrades.md).",
				cause);
	}

}
