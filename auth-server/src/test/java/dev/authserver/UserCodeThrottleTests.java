package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wrong user codes at the device verification page (RFC 8628 §5.1) count against the
 * caller's address across sessions, as a proxy in front of the server names it: after
 * {@code authserver.device.address-free-failures} (3 on this server), even a new
 * session's right code from that address is refused, and each failure is audited with the
 * address. The per-session count is in {@link DeviceAuthorizationGrantTests}.
 */
@TunedServerTest
class UserCodeThrottleTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Test
	void verificationWhenAnAddressSentTooManyWrongCodesThenEveryNewSessionThereIsThrottledAndOthersAreNot() {
		String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
		this.jdbc.sql("DELETE FROM user_code_throttle WHERE throttle_key = ?").param("address:" + address).update();
		HttpResponse<String> started = HttpExchange.to(this.issuer)
			.postForm("/oauth2/device_authorization",
					Map.of("client_id", DeviceAuthorizationGrantTests.DEVICE_CLIENT_ID, "scope", "message.read"));
		String userCode = (String) HttpExchange.json(started).get("user_code");
		HttpExchange first = signedIn();
		HttpExchange second = signedIn();

		for (HttpExchange browser : new HttpExchange[] { first, first, second }) {
			HttpResponse<String> wrong = verify(browser, "BBBB-BBBB", address);
			assertThat(wrong.statusCode()).isEqualTo(400);
		}
		HttpExchange third = signedIn();
		HttpResponse<String> throttled = verify(third, userCode, address);
		HttpResponse<String> elsewhere = verify(third, userCode,
				"203.0.113." + ThreadLocalRandom.current().nextInt(1, 255));

		assertThat(throttled.statusCode()).as("a new session, from that address, with the right code").isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(HtmlDocuments.text(throttled, "device-error"))
			.hasValueSatisfying((text) -> assertThat(text).contains("Too many wrong codes"));
		assertThat(elsewhere.statusCode()).as("the same session from another address").isEqualTo(302);
		assertThat(HttpExchange.location(elsewhere).getPath()).isEqualTo("/device/consent");
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.sql("SELECT COUNT(*) FROM audit_event WHERE type = 'USER_CODE_FAILED' AND address = ?")
				.param(address)
				.query(Long.class)
				.single(), (count) -> count == 3);
	}

	private HttpResponse<String> verify(HttpExchange browser, String userCode, String address) {
		return browser.postForm("/oauth2/device_verification", Map.of("user_code", userCode), "X-Forwarded-For",
				address);
	}

	private HttpExchange signedIn() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		HttpResponse<String> loggedIn = browser.postForm("/login", Map.of("username", this.users.create(), "password",
				TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		return browser;
	}

}
