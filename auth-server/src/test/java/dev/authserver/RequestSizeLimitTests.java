package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * Oversized requests are refused with a 4xx before any expensive work, and the answer is never a stack trace: headers
 * and request line (Tomcat, {@code server.max-http-request-header-size}), form bodies and parameter counts (Tomcat,
 * {@code server.tomcat.*}), and JSON bodies of the registration endpoint (our own bound).
 */
@AuthServerTest
class RequestSizeLimitTests {

	private static final int KB = 1024;

	private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void requestWhenHeadersAreLargerThanTheBoundThenBadRequest() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/jwks", List.of("X-Filler: " + "a".repeat(9 * KB)), null);

		assertThat(response.status()).isIn(400, 431);
		assertNoStackTrace(response);
	}

	@Test
	void authorizationRequestWhenUrlIsLongerThanTheBoundThenBadRequest() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/authorize?response_type=code&client_id=demo-web&state=" + "s".repeat(9 * KB),
					List.of("Accept: text/html"), null);

		assertThat(response.status()).isIn(400, 414, 431);
		assertNoStackTrace(response);
	}

	@Test
	void requestWhenHeadersAreWithinTheBoundThenServed() {
		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("GET", "/oauth2/jwks", List.of("X-Filler: " + "a".repeat(6 * KB)), null);

		assertThat(response.status()).isEqualTo(200);
	}

	@Test
	void tokenRequestWhenFormIsLargerThanTheBoundThenContentTooLargeAsJson() {
		String form = "grant_type=client_credentials&scope=" + "a".repeat(65 * KB);

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token", List.of(FORM, basic(TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET)), form.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(413);
		assertThat(json(response)).containsKey("error");
		assertNoStackTrace(response);
	}

	@Test
	void tokenRequestWhenFormIsWithinTheBoundThenServed() {
		String form = "grant_type=client_credentials&scope=message.read&padding=" + "a".repeat(60 * KB);

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token", List.of(FORM, basic(TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET)), form.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(200);
		assertThat(json(response)).containsKey("access_token");
	}

	@Test
	void tokenRequestWhenItHasMoreParametersThanTheBoundThenBadRequestAsJson() {
		List<String> parameters = new ArrayList<>(List.of("grant_type=client_credentials"));
		for (int i = 0; i < 150; i++) {
			parameters.add("p" + i + "=x");
		}

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token", List.of(FORM, basic(TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET)), String.join("&", parameters).getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response)).containsKey("error");
		assertNoStackTrace(response);
	}

	@Test
	void tokenRequestWhenBodyIsMultipartThenItIsNotParsedAndTheRequestIsInvalid() {
		String body = "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--b--\r\n";

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/token", List.of("Content-Type: multipart/form-data; boundary=b",
					basic(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET)),
					body.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(400);
		assertThat(json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void registrationWhenJsonIsLargerThanTheBoundThenContentTooLarge() {
		String json = "{\"client_name\": \"" + "a".repeat(65 * KB) + "\"}";

		RawHttp.Response response = RawHttp.to(this.issuer)
			.send("POST", "/oauth2/register", List.of("Content-Type: application/json", "Authorization: Bearer x"),
					json.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(413);
		assertThat(json(response)).containsEntry("error", "invalid_request");
		assertNoStackTrace(response);
	}

	@Test
	void registrationWhenChunkedJsonIsLargerThanTheBoundThenContentTooLarge() {
		String json = "{\"client_name\": \"" + "a".repeat(65 * KB) + "\"}";
		String request = "POST /oauth2/register HTTP/1.1\r\nHost: " + RawHttp.to(this.issuer).authority()
				+ "\r\nContent-Type: application/json\r\nAuthorization: Bearer x\r\nTransfer-Encoding: chunked\r\n"
				+ "Connection: close\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";

		RawHttp.Response response = RawHttp.to(this.issuer).sendBytes(request.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).isEqualTo(413);
		assertThat(json(response)).containsEntry("error", "invalid_request");
	}

	@Test
	void registrationWhenChunkedJsonIsWithinTheBoundThenRead() {
		String json = "{\"grant_types\": [\"client_credentials\"], \"scope\": \"x\"}";
		String request = "POST /oauth2/register HTTP/1.1\r\nHost: " + RawHttp.to(this.issuer).authority()
				+ "\r\nContent-Type: application/json\r\nAuthorization: Bearer not-an-initial-access-token\r\n"
				+ "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(json.length())
				+ "\r\n" + json + "\r\n0\r\n\r\n";

		RawHttp.Response response = RawHttp.to(this.issuer).sendBytes(request.getBytes(StandardCharsets.US_ASCII));

		assertThat(response.status()).as("the body was read and the token checked").isEqualTo(401);
		assertThat(json(response)).containsEntry("error", "invalid_token");
	}

	private static String basic(String clientId, String secret) {
		return "Authorization: Basic " + Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	private static Map<String, Object> json(RawHttp.Response response) {
		assertThat(response.header("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON object (status " + response.status() + "): " + response.body(), ex);
		}
	}

	private static void assertNoStackTrace(RawHttp.Response response) {
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
	}

}
