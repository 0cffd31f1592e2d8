package dev.authserver.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the tests that run a real nginx (the scale-out test's round-robin proxy, the
 * mutual-TLS tests' TLS-terminating proxy) find it: Debian's, or the first on the
 * {@code PATH}.
 */
public final class Nginx {

	private static final Path DEBIAN_NGINX = Path.of("/usr/sbin/nginx");

	/** What a machine without nginx lacks, and how to get it. */
	public static final String MISSING = "These tests need nginx (" + DEBIAN_NGINX
			+ " or on the PATH): apt-get install nginx";

	private Nginx() {
	}

	/** The nginx to run, if this machine has one. */
	public static Optional<Path> installed() {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream
			.concat(Stream.of(DEBIAN_NGINX),
					Arrays.stream(path.split(File.pathSeparator)).map((directory) -> Path.of(directory, "nginx")))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Runs a test class only where nginx is installed, and says why it skips it
	 * elsewhere, except under CI ({@code CI=true}), where a missing nginx fails the
	 * class. A condition rather than an assumption in the class's set-up, so that nothing
	 * starts for nothing and each skipped test carries the reason in the report.
	 */
	public static final class Required implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (installed().isPresent()) {
				return ConditionEvaluationResult.enabled("nginx is installed");
			}
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(MISSING + " — under CI a missing nginx is a failure, not a skip");
			}
			return ConditionEvaluationResult.disabled("Skipped: " + MISSING);
		}

	}

}
