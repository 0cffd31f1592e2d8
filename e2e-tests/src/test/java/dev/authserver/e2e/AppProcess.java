package dev.authserver.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * One of the apps, started from its packaged jar in a process of its own, as an operator
 * would run it. Its output goes to a log file under {@code target/e2e}; its
 * {@code ./data} is a fresh directory of its own.
 */
final class AppProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private final String name;

	private final Process process;

	private final Path log;

	private AppProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	static AppProcess start(String name, Path jar, Path workDirectory, Map<String, String> properties) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(
					jar + " is missing: run `mvn verify` from the top, which packages the apps first");
		}
		try {
			Path directory = workDirectory.resolve(name);
			deleteRecursively(directory);
			Files.createDirectories(directory);
			Path log = directory.resolve(name + ".log");
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
							"-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString()));
			properties.forEach((key, value) -> command.add("--" + key + "=" + value));
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new AppProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
	}

	/**
	 * Polls {@code url} until its status satisfies {@code ready}; fails with the app's
	 * log when it never does.
	 */
	void awaitReady(String url, IntPredicate ready) {
		awaitReady(HttpClient.newBuilder(), url, ready);
	}

	/**
	 * As {@link #awaitReady(String, IntPredicate)}, with a client of the caller's: one
	 * that trusts an HTTPS app's test certificate, say.
	 */
	void awaitReady(HttpClient.Builder client, String url, IntPredicate ready) {
		HttpClient http = client.connectTimeout(Duration.ofSeconds(2)).build();
		Awaitility.await(this.name + " ready; see " + this.log)
			.atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
				}
				try {
					HttpResponse<Void> response = http.send(
							HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
							HttpResponse.BodyHandlers.discarding());
					return ready.test(response.statusCode());
				}
				catch (IOException ex) {
					// Not listening yet.
					return false;
				}
			});
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/** Every run starts from empty databases, as on a fresh machine. */
	private static void deleteRecursively(Path directory) throws IOException {
		if (Files.exists(directory)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
		}
	}

}
