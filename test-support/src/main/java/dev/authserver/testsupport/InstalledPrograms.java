package dev.authserver.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the tests find the real programs they run (nginx, PostgreSQL's client tools):
 * Debian's, or the first on the {@code PATH}.
 */
public final class InstalledPrograms {

	private InstalledPrograms() {
	}

	/** The program at Debian's path, or else the first of this name on the PATH. */
	public static Optional<Path> find(Path debianPath, String name) {
		String path = System.getenv().getOrDefault("PATH", "");
		return Stream
			.concat(Stream.of(debianPath),
					Arrays.stream(path.split(File.pathSeparator)).map((directory) -> Path.of(directory, name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/**
	 * Runs a test class only where its program is installed, and says why it skips it
	 * elsewhere, except under CI ({@code CI=true}), where a missing program fails the
	 * class. A condition rather than an assumption in the class's set-up, so that nothing
	 * starts for nothing and each skipped test carries the reason in the report.
	 */
	public abstract static class Required implements ExecutionCondition {

		private final String name;

		private final Supplier<Optional<Path>> installed;

		private final String missing;

		/**
		 * @param missing what a machine without the program lacks, and how to get it
		 */
		protected Required(String name, Supplier<Optional<Path>> installed, String missing) {
			this.name = name;
			this.installed = installed;
			this.missing = missing;
		}

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (this.installed.get().isPresent()) {
				return ConditionEvaluationResult.enabled(this.name + " is installed");
			}
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(this.missing + " — under CI a missing " + this.name + " is a failure, not a skip");
			}
			return ConditionEvaluationResult.disabled("Skipped: " + this.missing);
		}

	}

}
