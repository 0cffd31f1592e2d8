package dev.authserver.samples.resourceserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Real HTTP to the API under test, as a client sends it: with a bearer token or none, and
 * JSON parsing of the answer.
 */
final class ApiClient {

	private final HttpClient client;

	private final String baseUrl;

	private ApiClient(HttpClient.Builder client, String baseUrl) {
		this.client = client.followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
		this.baseUrl = baseUrl;
	}

	static ApiClient to(int port) {
		return new ApiClient(HttpClient.newBuilder(), "http://localhost:" + port);
	}

	/**
	 * Over HTTPS, trusting and presenting what {@code tls} holds: with a client
	 * certificate or without one.
	 */
	static ApiClient overHttps(int port, SSLContext tls) {
		return new ApiClient(HttpClient.newBuilder().sslContext(tls), "https://localhost:" + port);
	}

	/** The absolute URL of {@code path}, as a DPoP proof's {@code htu} names it. */
	String url(String path) {
		return this.baseUrl + path;
	}

	/** A GET without an {@code Authorization} header. */
	HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
	}

	HttpResponse<String> get(String pathOrUrl, String accessToken) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Authorization", "Bearer " + accessToken).GET());
	}

	/**
	 * A GET with a DPoP-bound token (RFC 9449 §7.1): {@code Authorization: DPoP} and the
	 * proof.
	 */
	HttpResponse<String> getWithDPoP(String path, String accessToken, String proof) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "DPoP " + accessToken)
			.header("DPoP", proof)
			.GET());
	}

	HttpResponse<String> postJson(String path, String accessToken, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + accessToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	static String wwwAuthenticate(HttpResponse<?> response) {
		return response.headers()
			.firstValue("WWW-Authenticate")
			.orElseThrow(() -> new AssertionError("No WWW-Authenticate header; status " + response.statusCode()));
	}

	static Map<String, Object> json(HttpResponse<String> response) {
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON object (status " + response.statusCode() + "): " + response.body(),
					ex);
		}
	}

	/** A JSON array of objects, as the API lists things. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> jsonArray(HttpResponse<String> response) {
		try {
			return JSONArrayUtils.parse(response.body())
				.stream()
				.map((element) -> (Map<String, Object>) element)
				.toList();
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON array (status " + response.statusCode() + "): " + response.body(), ex);
		}
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.baseUrl + pathOrUrl);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
