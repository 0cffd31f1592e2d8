package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * Oversized requests are refused with a 4xx before any expensive work, and the answer is
 * never a stack trace: headers and request line (Tomcat,
 * {@code server.max-http-request-header-size}), form bodies and parameter counts (Tomcat,
 * {@code server.tomcat.*}), and JSON bodies of the registration endpoint (our own bound).
 */
@AuthServerTest
class RequestSizeLimitTests {

	private static final int KB = 1024;

	private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

	private static final String JSON = "Content-Type: application/json";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void requestWhenHeadersAreLargerThanTheBoundThenBadRequestAsJson() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/jwks", List.of("X-Filler: " + "a".repeat(9 * KB)), null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertNotTomcatsPage(response);
	}

	/**
	 * Tomcat refuses these headers before the application sees the request; the answer is
	 * still the protocol's, whatever the client accepts (RFC 6749 §5.2).
	 */
	@Test
	void tokenRequestWhenTheBasicCredentialsAreLargerThanTheHeaderBoundThenInvalidRequestAsJson() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token",
					List.of(FORM, "Accept: text/html", "Authorization: Basic " + "a".repeat(10 * KB)),
					"grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertThat(response.header("Cache-Control")).hasValue("no-store");
		assertNotTomcatsPage(response);
	}

	@Test
	void signInPageWhenACookieIsLargerThanTheHeaderBoundThenTheErrorPage() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/login", List.of("Accept: text/html", "Cookie: c=" + "a".repeat(10 * KB)), null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.header("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).contains("default-src 'none'"));
		assertThat(response.body()).contains("id=\"error-title\"").contains("This sign-in request is not valid");
		assertNotTomcatsPage(response);
	}

	@Test
	void authorizationRequestWhenUrlIsLongerThanTheBoundThenTheErrorPage() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/authorize?response_type=code&client_id=demo-web&state=" + "s".repeat(9 * KB),
					List.of("Accept: text/html"), null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("id=\"error-title\"");
		assertNotTomcatsPage(response);
	}

	@Test
	void requestWhenHeadersAreWithinTheBoundThenServed() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/jwks", List.of("X-Filler: " + "a".repeat(6 * KB)), null);

		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void tokenRequestWhenFormIsLargerThanTheBoundThenContentTooLargeAsJson() {
		RawHttp.Response response = tokenRequest("grant_type=client_credentials&scope=" + "a".repeat(65 * KB));

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertNoStackTrace(response);
	}

	@Test
	void tokenRequestWhenFormIsWithinTheBoundThenServed() {
		RawHttp.Response response = tokenRequest(
				"grant_type=client_credentials&scope=message.read&padding=" + "a".repeat(60 * KB));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json()).containsKey("access_token");
	}

	@Test
	void tokenRequestWhenItHasMoreParametersThanTheBoundThenBadRequestAsJson() {
		String parameters = IntStream.range(0, 150).mapToObj((i) -> "p" + i + "=x").collect(Collectors.joining("&"));

		RawHttp.Response response = tokenRequest("grant_type=client_credentials&" + parameters);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertNoStackTrace(response);
	}

	@Test
	void tokenRequestWhenBodyIsMultipartThenItIsNotParsedAndTheRequestIsInvalid() {
		String body = "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n"
				+ "--b--\r\n";

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token", List.of("Content-Type: multipart/form-data; boundary=b", machineClient()),
					body.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void loginWhenFormIsLargerThanTheBoundThenContentTooLargeOnTheErrorPage() {
		String form = "username=demo&password=" + "a".repeat(65 * KB);

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/login", List.of(FORM, "Accept: text/html"), form.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.body()).contains("id=\"error-title\"");
		assertNoStackTrace(response);
	}

	@Test
	void registrationWhenJsonIsLargerThanTheBoundThenContentTooLarge() {
		String json = "{\"client_name\": \"" + "a".repeat(65 * KB) + "\"}";

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/register", List.of(JSON, "Authorization: Bearer x"),
					json.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertNoStackTrace(response);
	}

	@Test
	void registrationWhenChunkedJsonIsLargerThanTheBoundThenContentTooLarge() {
		RawHttp.Response response = chunkedRegistration("{\"client_name\": \"" + "a".repeat(65 * KB) + "\"}",
				"Bearer x");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json()).containsEntry("error", "invalid_request");
	}

	@Test
	void registrationWhenChunkedJsonIsWithinTheBoundThenRead() {
		RawHttp.Response response = chunkedRegistration("{\"grant_types\": [\"client_credentials\"], \"scope\": \"x\"}",
				"Bearer not-an-initial-access-token");

		assertThat(response.status()).as("the body was read and the token checked").isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_token");
	}

	private RawHttp.Response tokenRequest(String form) {
		return RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token", List.of(FORM, machineClient()), form.getBytes(StandardCharsets.US_ASCII));
	}

	/** A body without a {@code Content-Length}: one chunk, then the last. */
	private RawHttp.Response chunkedRegistration(String json, String authorization) {
		RawHttp http = RawHttp.to(this.issuer);
		String request = "POST /oauth2/register HTTP/1.1\r\nHost: " + http.authority() + "\r\n" + JSON
				+ "\r\nAuthorization: " + authorization + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
				+ Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
		return http.sendBytes(request.getBytes(StandardCharsets.US_ASCII));
	}

	private static String machineClient() {
		return RawHttp.basicAuthorization(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
	}

	private static void assertNotTomcatsPage(RawHttp.Response response) {
		assertNoStackTrace(response);
		assertThat(response.body()).doesNotContain("Apache Tomcat").doesNotContain("HTTP Status");
	}

	private static void assertNoStackTrace(RawHttp.Response response) {
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
	}

}
