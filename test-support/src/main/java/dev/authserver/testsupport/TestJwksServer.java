package dev.authserver.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the auth-server's issuer in the samples' tests: a real JWKS endpoint
 * ({@code /oauth2/jwks}) on a free loopback port that publishes the public halves of test
 * keys and counts how often it is read, and any other endpoint a test plays.
 */
public final class TestJwksServer implements AutoCloseable {

	private final HttpServer server;

	private final RSAKey signingKey;

	private final List<JWK> publishedKeys = new CopyOnWriteArrayList<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private TestJwksServer(RSAKey signingKey) {
		this.signingKey = signingKey;
		this.publishedKeys.add(signingKey);
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/oauth2/jwks", this::serveJwks);
		this.server.start();
	}

	/** A running server that publishes {@code signingKey}. */
	public static TestJwksServer start(RSAKey signingKey) {
		return new TestJwksServer(signingKey);
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The key the API has trusted from the start, as the auth-server's current signing
	 * key.
	 */
	public RSAKey signingKey() {
		return this.signingKey;
	}

	/** Adds a key to the published set, as the auth-server does when it rotates. */
	public void publish(RSAKey key) {
		this.publishedKeys.add(key);
	}

	public int fetchCount() {
		return this.fetches.get();
	}

	/**
	 * Serves another endpoint of the issuer's, such as a token endpoint the test plays,
	 * in place of the one served there before.
	 */
	public void serve(String path, HttpHandler handler) {
		try {
			this.server.removeContext(path);
		}
		catch (IllegalArgumentException ex) {
			// The first handler for this path.
		}
		this.server.createContext(path, handler);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void serveJwks(HttpExchange exchange) throws IOException {
		this.fetches.incrementAndGet();
		byte[] body = new JWKSet(this.publishedKeys).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
