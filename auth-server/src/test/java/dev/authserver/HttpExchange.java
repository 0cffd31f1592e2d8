package dev.authserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * Real HTTP against a running server, as a client or a browser would speak it: a cookie
 * jar, no automatic redirects (tests assert each {@code Location}), form posts and JSON
 * parsing.
 */
public final class HttpExchange {

	private final HttpClient client;

	private final CookieManager cookies = new CookieManager();

	private final String baseUrl;

	private HttpExchange(String baseUrl, SSLContext ssl) {
		this.baseUrl = baseUrl;
		HttpClient.Builder builder = HttpClient.newBuilder();
		if (ssl != null) {
			builder.sslContext(ssl);
		}
		this.client = builder.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/** A new client with an empty cookie jar. */
	public static HttpExchange to(String baseUrl) {
		return new HttpExchange(baseUrl, null);
	}

	/**
	 * A new client over HTTPS with the given TLS settings: the server certificates it
	 * trusts and the client certificate it presents ({@link TestPki}).
	 */
	public static HttpExchange to(String baseUrl, SSLContext ssl) {
		return new HttpExchange(baseUrl, ssl);
	}

	public HttpResponse<String> get(String pathOrUrl, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl)).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	/** A GET as a browser sends it, asking for HTML. */
	public HttpResponse<String> browse(String pathOrUrl) {
		return get(pathOrUrl, "Accept", "text/html,application/xhtml+xml");
	}

	public HttpResponse<String> postForm(String pathOrUrl, Map<String, ?> form, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	/** A request with a JSON body, as API clients send it. */
	public HttpResponse<String> sendJson(String method, String pathOrUrl, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathOrUrl))
			.header("Content-Type", "application/json")
			.method(method,
					(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	/**
	 * A form post authenticated with HTTP Basic, as {@code client_secret_basic} (RFC 6749
	 * §2.3.1) does it.
	 */
	public HttpResponse<String> postFormAsClient(String pathOrUrl, Map<String, ?> form, String clientId,
			String secret) {
		String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return postForm(pathOrUrl, form, "Authorization",
				"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Follows one redirect of a browser: a GET to the {@code Location}, resolved against
	 * the request.
	 */
	public HttpResponse<String> follow(HttpResponse<String> redirect) {
		return browse(location(redirect).toString());
	}

	/**
	 * The cookie jar as a browser sends it in a {@code Cookie} header, for requests sent
	 * by other means.
	 */
	public String cookieHeader() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	public static URI location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AssertionError("No Location header; status " + response.statusCode()));
		return response.uri().resolve(location);
	}

	public static String csrfToken(HttpResponse<String> page) {
		return HtmlDocuments.fieldValue(page, "_csrf")
			.filter((token) -> !token.isEmpty())
			.orElseThrow(() -> new AssertionError("No CSRF field in page " + page.uri()));
	}

	public static Map<String, Object> json(HttpResponse<String> response) {
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON object (status " + response.statusCode() + "): " + response.body(),
					ex);
		}
	}

	public static Map<String, String> queryParameters(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (uri.getRawQuery() == null) {
			return parameters;
		}
		for (String pair : uri.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			parameters.put(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
		}
		return parameters;
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.baseUrl + pathOrUrl);
	}

	private static String formBody(Map<String, ?> form) {
		return form.entrySet().stream().flatMap((entry) -> {
			List<?> values = (entry.getValue() instanceof List<?> list) ? list : List.of(entry.getValue());
			return values.stream()
				.map((value) -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
		}).collect(Collectors.joining("&"));
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
