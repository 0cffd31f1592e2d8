package dev.authserver.samples.clientdemo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * Stands in for the auth-server or the API on a free loopback port, over HTTP or over
 * HTTPS that asks for (but does not require) a client certificate, answering fixed JSON
 * and recording each request with the certificate the caller presented.
 */
public final class StandInServer implements AutoCloseable {

	private final HttpServer server;

	private final String scheme;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/**
	 * A request as the stand-in saw it.
	 *
	 * @param path the request path
	 * @param headers its headers (names are case-insensitive)
	 * @param body its body
	 * @param clientCertificate the certificate the caller presented, or {@code null}
	 */
	public record Received(String path, Headers headers, String body, X509Certificate clientCertificate) {
	}

	private StandInServer(HttpServer server, String scheme) {
		this.server = server;
		this.scheme = scheme;
		server.start();
	}

	public static StandInServer http() {
		try {
			return new StandInServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** HTTPS with {@code tls}'s server certificate, client certificates wanted. */
	public static StandInServer https(SSLContext tls) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(tls) {
				@Override
				public void configure(HttpsParameters params) {
					SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
					parameters.setWantClientAuth(true);
					params.setSSLParameters(parameters);
				}
			});
			return new StandInServer(server, "https");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Answers {@code path} (and below) with 200 and this JSON. */
	public StandInServer json(String path, String json) {
		this.server.createContext(path, (exchange) -> {
			this.received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
					clientCertificate(exchange)));
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		return this;
	}

	/**
	 * The URL of {@code path}; {@code localhost}, as the HTTPS server certificate names
	 * it.
	 */
	public String url(String path) {
		String host = "https".equals(this.scheme) ? "localhost" : "127.0.0.1";
		return this.scheme + "://" + host + ":" + this.server.getAddress().getPort() + path;
	}

	public List<Received> received() {
		return this.received;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static X509Certificate clientCertificate(HttpExchange exchange) {
		if (!(exchange instanceof HttpsExchange https)) {
			return null;
		}
		try {
			Certificate[] chain = https.getSSLSession().getPeerCertificates();
			return (X509Certificate) chain[0];
		}
		catch (SSLPeerUnverifiedException ex) {
			return null;
		}
	}

}
