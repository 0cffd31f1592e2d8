package dev.authserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.authserver.testsupport.Nginx;
import org.awaitility.Awaitility;

/**
 * nginx (Debian's {@code nginx} package) as the TLS-terminating proxy of
 * docs/mutual-tls.md in front of a test server: HTTPS with a certificate of
 * {@link MtlsServerInitializer#SERVER_AUTHORITY}, client certificates requested and any
 * accepted ({@code ssl_verify_client optional_no_ca}), and the certificate passed to the
 * server's main port in {@code X-SSL-Client-Cert}. It connects from {@code 127.0.0.2}
 * ({@code proxy_bind}), the trusted proxy of {@link MtlsServerTest}, so that tests
 * calling from {@code 127.0.0.1} are not. Run in a process of its own from a
 * configuration generated under {@code target/}; test classes that use it declare
 * {@link Nginx.Required}.
 */
final class TlsTerminatingNginx implements AutoCloseable {

	/** The address nginx connects to the server from. */
	static final String PROXY_ADDRESS = "127.0.0.2";

	private final int port;

	private final Process process;

	private TlsTerminatingNginx(int port, Process process) {
		this.port = port;
		this.process = process;
	}

	/** Starts nginx on a free port in front of the server's main port. */
	static TlsTerminatingNginx start(int serverPort) {
		Path nginx = Nginx.installed().orElseThrow(() -> new IllegalStateException(Nginx.MISSING));
		Path directory = FreshServerInitializer.newDataDirectory().resolve("nginx");
		try {
			Files.createDirectories(directory.resolve("temp"));
			MtlsServerInitializer.SERVER_AUTHORITY.certificate("CN=localhost")
				.dnsName("localhost")
				.ipAddress("127.0.0.1")
				.issue()
				.writePem(directory, "proxy");
			int port = FreshServerInitializer.freePort();
			Path config = directory.resolve("nginx.conf");
			Files.writeString(config, config(directory, port, serverPort));
			// -e: nginx opens its error log before it reads the configuration; Debian's
			// default is not ours to write.
			Process process = new ProcessBuilder(nginx.toString(), "-p", directory.toString(), "-c", config.toString(),
					"-e", directory.resolve("error.log").toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("nginx.out").toFile())
				.start();
			TlsTerminatingNginx proxy = new TlsTerminatingNginx(port, process);
			proxy.awaitListening(directory);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start nginx", ex);
		}
	}

	/** The proxy's HTTPS address. */
	String url() {
		return "https://localhost:" + this.port;
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

	/** The configuration docs/mutual-tls.md shows, with test paths and ports. */
	private static String config(Path directory, int port, int serverPort) {
		return """
				daemon off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				events {
				    worker_connections 64;
				}
				http {
				    client_body_temp_path %1$s/temp/client-body;
				    proxy_temp_path %1$s/temp/proxy;
				    fastcgi_temp_path %1$s/temp/fastcgi;
				    uwsgi_temp_path %1$s/temp/uwsgi;
				    scgi_temp_path %1$s/temp/scgi;
				    access_log off;
				    server {
				        listen 127.0.0.1:%2$d ssl;
				        ssl_certificate %1$s/proxy.crt;
				        ssl_certificate_key %1$s/proxy.key;
				        ssl_verify_client optional_no_ca;
				        location / {
				            proxy_pass http://127.0.0.1:%3$d;
				            proxy_bind %4$s;
				            proxy_set_header Host $http_host;
				            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
				            proxy_set_header X-Forwarded-Proto https;
				            proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;
				        }
				    }
				}
				""".formatted(directory, port, serverPort, PROXY_ADDRESS);
	}

	private void awaitListening(Path directory) {
		Awaitility.await("nginx listening on " + this.port + "; see " + directory.resolve("error.log"))
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("nginx exited with " + this.process.exitValue() + "; see "
							+ directory.resolve("error.log"));
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

}
