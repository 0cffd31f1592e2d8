package dev.authserver.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.authserver.testsupport.Nginx;
import org.awaitility.Awaitility;

import org.springframework.util.FileSystemUtils;

/**
 * nginx from Debian's {@code nginx} package as a round-robin reverse proxy in front of
 * several auth-server instances, run in a process of its own from a configuration
 * generated under {@code target/e2e}. Its access log names the instance that served each
 * request. Test classes that use it declare {@link Nginx.Required}.
 */
final class NginxProxy implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

	private final int port;

	private final Map<String, String> instancesByAddress;

	private final Process process;

	private final Path directory;

	private NginxProxy(int port, Map<String, String> instancesByAddress, Process process, Path directory) {
		this.port = port;
		this.instancesByAddress = instancesByAddress;
		this.process = process;
		this.directory = directory;
	}

	/**
	 * Starts nginx on {@code port} in front of the given instances (name to port on
	 * {@code 127.0.0.1}), which may start later.
	 */
	static NginxProxy start(Path workDirectory, int port, Map<String, Integer> instances) {
		Path nginx = Nginx.installed().orElseThrow(() -> new IllegalStateException(Nginx.MISSING));
		try {
			Path directory = workDirectory.resolve("nginx").toAbsolutePath();
			FileSystemUtils.deleteRecursively(directory);
			Files.createDirectories(directory.resolve("temp"));
			Path config = directory.resolve("nginx.conf");
			Files.writeString(config, config(directory, port, instances.values()));
			// -e: nginx opens its error log before it reads the configuration; Debian's
			// default is not ours to write.
			Process process = new ProcessBuilder(nginx.toString(), "-p", directory.toString(), "-c", config.toString(),
					"-e", directory.resolve("error.log").toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("nginx.out").toFile())
				.start();
			Map<String, String> instancesByAddress = new LinkedHashMap<>();
			instances.forEach((name, instancePort) -> instancesByAddress.put(address(instancePort), name));
			NginxProxy proxy = new NginxProxy(port, instancesByAddress, process, directory);
			proxy.awaitListening();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start nginx", ex);
		}
	}

	/** The proxy's address: the issuer of every instance behind it. */
	String url() {
		return "http://localhost:" + this.port;
	}

	/** Every request the proxy has answered so far, oldest first. */
	List<ProxiedRequest> accessLog() {
		try (Stream<String> lines = Files.lines(this.directory.resolve("access.log"))) {
			return lines.map(this::parse).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The requests answered after the first {@code skipped} entries of the access log.
	 */
	List<ProxiedRequest> accessLogAfter(int skipped) {
		List<ProxiedRequest> log = accessLog();
		return log.subList(skipped, log.size());
	}

	@Override
	public void close() {
		// SIGTERM: nginx's fast shutdown.
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * One worker, so one round-robin turn for all requests. Static files go through an
	 * upstream of their own, with its own turn, so that the pages of one sign-in
	 * alternate strictly between the instances whatever files the browser fetches or
	 * caches in between. {@code proxy_next_upstream} stays at nginx's default,
	 * {@code error
	 * timeout}, without {@code non_idempotent}: a request whose connection an instance
	 * refused is passed on to the next one, but a POST already sent is never repeated,
	 * since a token request is not idempotent; it fails, and the test counts it. Nor
	 * {@code http_503}: a stopping instance closes its port rather than answer 503. After
	 * one failure an instance rests for 2 s, then gets a request again, which is how
	 * nginx notices a restarted instance.
	 */
	private static String config(Path directory, int port, Iterable<Integer> instancePorts) {
		StringBuilder servers = new StringBuilder();
		for (int instancePort : instancePorts) {
			servers.append("        server ").append(address(instancePort)).append(" max_fails=1 fail_timeout=2s;\n");
		}
		return """
				daemon off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				events {
				    worker_connections 512;
				}
				http {
				    client_body_temp_path %1$s/temp/client-body;
				    proxy_temp_path %1$s/temp/proxy;
				    fastcgi_temp_path %1$s/temp/fastcgi;
				    uwsgi_temp_path %1$s/temp/uwsgi;
				    scgi_temp_path %1$s/temp/scgi;
				    # The path only, never the query: it may hold an authorization request's state.
				    log_format upstreams "$msec\\t$request_method\\t$uri\\t$status\\t$upstream_addr\\t$request_id";
				    access_log %1$s/access.log upstreams;
				    upstream auth_server {
				%2$s    }
				    upstream auth_server_static_files {
				%2$s    }
				    server {
				        listen 127.0.0.1:%3$d;
				        # The browser's host and port, so the instances' redirects lead back through the proxy.
				        proxy_set_header Host $http_host;
				        # The auth-server keeps this id for the request's log lines, so a line here leads to them.
				        proxy_set_header X-Request-Id $request_id;
				        proxy_connect_timeout 2s;
				        proxy_read_timeout 30s;
				        proxy_next_upstream error timeout;
				        location / {
				            proxy_pass http://auth_server;
				        }
				        location ~ ^/(css/|favicon\\.ico$) {
				            proxy_pass http://auth_server_static_files;
				        }
				    }
				}
				""".formatted(directory, servers, port);
	}

	private void awaitListening() {
		Awaitility.await("nginx listening on " + this.port + "; see " + this.directory.resolve("error.log"))
			.atMost(START_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("nginx exited with " + this.process.exitValue() + "; see "
							+ this.directory.resolve("error.log"));
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
					return true;
				}
				catch (IOException ex) {
					// Not listening yet.
					return false;
				}
			});
	}

	private ProxiedRequest parse(String line) {
		String[] fields = line.split("\t");
		Instant time = Instant.ofEpochMilli(new BigDecimal(fields[0]).movePointRight(3).longValueExact());
		// Each upstream nginx tried, in order: "127.0.0.1:1, 127.0.0.1:2" when the first
		// refused the connection.
		List<String> tried = Arrays.stream(fields[4].split(", "))
			.map((address) -> this.instancesByAddress.getOrDefault(address, address))
			.toList();
		return new ProxiedRequest(time, fields[1], fields[2], Integer.parseInt(fields[3]), tried);
	}

	private static String address(int port) {
		return "127.0.0.1:" + port;
	}

	/**
	 * One line of the access log.
	 *
	 * @param time when nginx finished the request
	 * @param tried the instances nginx tried, by name, in order; the last one answered
	 */
	record ProxiedRequest(Instant time, String method, String path, int status, List<String> tried) {

		String servedBy() {
			return this.tried.get(this.tried.size() - 1);
		}

		/**
		 * Whether nginx passed the request on after the first instance it tried could not
		 * take it.
		 */
		boolean passedOn() {
			return this.tried.size() > 1;
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " " + this.status + " via " + String.join(", ", this.tried);
		}

	}

}
