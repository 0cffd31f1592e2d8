package dev.authserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A client's back-channel logout endpoint, on a free port of 127.0.0.1 (which the server
 * reaches in development mode only): it records each request's content type and logout
 * token, and answers 200, or 503 to the first requests it is told to fail.
 */
final class LogoutListener implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger failuresLeft;

	private LogoutListener(int failFirst) throws IOException {
		this.failuresLeft = new AtomicInteger(failFirst);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/backchannel-logout", (exchange) -> {
			try (InputStream body = exchange.getRequestBody()) {
				String form = new String(body.readAllBytes(), StandardCharsets.US_ASCII);
				this.received.add(new Received(exchange.getRequestMethod(),
						exchange.getRequestHeaders().getFirst("Content-Type"), logoutToken(form)));
			}
			int status = (this.failuresLeft.getAndDecrement() > 0) ? 503 : 200;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
	}

	static LogoutListener start() throws IOException {
		return new LogoutListener(0);
	}

	/** A listener that answers 503 to its first {@code failures} requests. */
	static LogoutListener failingFirst(int failures) throws IOException {
		return new LogoutListener(failures);
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/backchannel-logout";
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static String logoutToken(String form) {
		for (String pair : form.split("&")) {
			if (pair.startsWith("logout_token=")) {
				return URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.US_ASCII);
			}
		}
		return null;
	}

	record Received(String method, String contentType, String logoutToken) {

	}

}
