package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.keys.OpaqueTokens;
import org.awaitility.Awaitility;
import org.htmlunit.html.HtmlInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The device authorization grant (RFC 8628) as a device and its user see it: the device
 * authorization response, polling ({@code authorization_pending}, {@code slow_down},
 * {@code access_denied}, {@code expired_token}), the verification and approval pages, the
 * single use of a device code, and the throttle on wrong user codes.
 */
@AuthServerTest
class DeviceAuthorizationGrantTests {

	static final String DEVICE_CLIENT_ID = "demo-device";

	private static final String USER_CODE = "[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcRegisteredClientRepository registeredClients;

	String username;

	HttpExchange device;

	/** The browser of the last {@link #signInAt}, where the user decides. */
	HttpExchange approvingBrowser;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
		this.device = HttpExchange.to(this.issuer);
	}

	@Test
	void deviceAuthorizationWhenAPublicClientAsksThenAllMembersOfRfc8628Section32AndNothingStoredInClear() {
		HttpResponse<String> response = this.device.postForm("/oauth2/device_authorization",
				Map.of("client_id", DEVICE_CLIENT_ID, "scope", "message.read"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		Map<String, Object> body = HttpExchange.json(response);
		String userCode = (String) body.get("user_code");
		assertThat(userCode).matches(USER_CODE);
		assertThat((String) body.get("device_code")).hasSizeGreaterThan(40);
		assertThat(body).containsEntry("verification_uri", this.issuer + "/oauth2/device_verification")
			.containsEntry("verification_uri_complete",
					this.issuer + "/oauth2/device_verification?user_code=" + userCode)
			.containsEntry("interval", 5L)
			.containsEntry("expires_in", 300L);
		Map<String, Object> stored = this.jdbc
			.sql("SELECT device_code_value, user_code_value FROM oauth2_authorization WHERE user_code_value = ?")
			.param(hashOf(userCode))
			.query()
			.singleRow();
		assertThat(stored.get("device_code_value")).isEqualTo(hashOf((String) body.get("device_code")));
	}

	@Test
	void deviceAuthorizationWhenNoScopeIsNamedThenTheClientsScopesAreAsked() {
		Map<String, Object> started = start(null);

		HttpResponse<String> approval = signInAt(started);

		assertThat(HtmlDocuments.text(approval, "device-scope-profile")).hasValue("Your name and username");
		assertThat(HtmlDocuments.text(approval, "device-scope-message.read")).isPresent();
	}

	@Test
	void deviceAuthorizationWhenAConfidentialClientLeavesOutItsSecretThenInvalidClient() {
		HttpResponse<String> response = this.device.postForm("/oauth2/device_authorization",
				Map.of("client_id", TestClients.WEB_CLIENT_ID));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_client");
	}

	@Test
	void deviceAuthorizationWhenTheClientHasNoDeviceGrantThenUnauthorizedClient() {
		HttpResponse<String> response = this.device.postFormAsClient("/oauth2/device_authorization",
				Map.of("scope", "message.read"), TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "unauthorized_client");
	}

	@Test
	void pollWhenTheUserHasNotDecidedThenAuthorizationPendingAndTooSoonAgainThenSlowDown() {
		Map<String, Object> started = start("message.read");

		HttpResponse<String> first = poll(started);
		HttpResponse<String> second = poll(started);

		assertThat(first.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(first)).containsEntry("error", "authorization_pending");
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(second)).containsEntry("error", "slow_down");
		assertThat(this.jdbc.sql("SELECT device_code_interval FROM oauth2_authorization WHERE device_code_value = ?")
			.param(hashOf((String) started.get("device_code")))
			.query(Integer.class)
			.single()).as("seconds the device must now wait").isEqualTo(10);
	}

	@Test
	void approvalWhenTheUserApprovesThenTheNextPollGetsTokensOnceAndTheyNameTheUser() {
		Map<String, Object> started = start("profile message.read");
		poll(started);
		HttpResponse<String> approval = signInAt(started);
		assertThat(HtmlDocuments.text(approval, "device-client-name")).hasValue("Device demo");
		assertThat(HtmlDocuments.text(approval, "device-user-code")).hasValue((String) started.get("user_code"));
		assertThat(HtmlDocuments.text(approval, "device-scope-profile")).hasValue("Your name and username");

		HttpResponse<String> result = decide(approval, true);

		assertThat(HtmlDocuments.text(result, "device-result"))
			.hasValueSatisfying((text) -> assertThat(text).startsWith("Your device is connected"));
		HttpResponse<String> tokens = poll(started);
		assertThat(tokens.statusCode()).isEqualTo(200);
		Map<String, Object> body = HttpExchange.json(tokens);
		assertThat(body).containsEntry("token_type", "Bearer").containsKey("access_token");
		assertThat(((String) body.get("scope")).split(" ")).containsExactlyInAnyOrder("profile", "message.read");
		JWTClaimsSet claims = SignedJwts
			.claims(SignedJwts.verify((String) body.get("access_token"), this.device.get("/oauth2/jwks").body()));
		assertThat(claims.getSubject()).isEqualTo(this.username);
		assertThat(claims.getClaim("client_id")).isEqualTo(DEVICE_CLIENT_ID);

		HttpResponse<String> again = poll(started);
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(again)).containsEntry("error", "invalid_grant");
	}

	@Test
	void approvalWhenTheUserDeniesThenAccessDenied() {
		Map<String, Object> started = start("message.read");
		HttpResponse<String> approval = signInAt(started);

		HttpResponse<String> result = decide(approval, false);

		assertThat(HtmlDocuments.text(result, "device-result"))
			.hasValueSatisfying((text) -> assertThat(text).startsWith("You declined"));
		HttpResponse<String> denied = poll(started);
		assertThat(denied.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(denied)).containsEntry("error", "access_denied");
	}

	@Test
	void pollWhenTheDeviceCodeExpiredThenExpiredToken() {
		String clientId = "short-device-" + UUID.randomUUID();
		this.registeredClients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName("Short-lived device")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.scope("message.read")
			.tokenSettings(TokenSettings.builder().deviceCodeTimeToLive(Duration.ofSeconds(1)).build())
			.build());
		Map<String, Object> started = HttpExchange.json(this.device.postForm("/oauth2/device_authorization",
				Map.of("client_id", clientId, "scope", "message.read")));
		assertThat(started).containsEntry("expires_in", 1L);

		HttpResponse<String> expired = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.device.postForm("/oauth2/token",
					Map.of("grant_type", AuthorizationGrantType.DEVICE_CODE.getValue(), "device_code",
							started.get("device_code"), "client_id", clientId)),
					(response) -> "expired_token".equals(HttpExchange.json(response).get("error")));

		assertThat(expired.statusCode()).isEqualTo(400);
	}

	@Test
	void verificationWhenTheCodeIsTypedInLowerCaseWithSpacesThenItIsTheSameCode() {
		Map<String, Object> started = start("message.read");
		HttpExchange browser = signedInBrowser();
		HttpResponse<String> codePage = browser.browse("/oauth2/device_verification");
		assertThat(HtmlDocuments.fieldValue(codePage, "user_code")).isPresent();
		assertThat(HtmlDocuments.text(codePage, "submit-user-code")).isPresent();
		assertThat(codePage.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).contains("script-src 'self'"));
		assertThat(codePage.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		String typed = ((String) started.get("user_code")).toLowerCase(Locale.ROOT).replace("-", " ");

		HttpResponse<String> toApproval = browser.postForm("/oauth2/device_verification", Map.of("user_code", typed));

		assertThat(toApproval.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(toApproval).getPath()).isEqualTo("/device/consent");
		HttpResponse<String> approval = browser.follow(toApproval);
		assertThat(HtmlDocuments.text(approval, "device-user-code")).hasValue((String) started.get("user_code"));
		assertThat(HtmlDocuments.text(approval, "approve-device")).isPresent();
	}

	@Test
	void verificationWhenSignedOutThenTheLoginFormFirstAndBackToTheCode() {
		Map<String, Object> started = start("message.read");

		HttpResponse<String> approval = signInAt(started);

		assertThat(approval.statusCode()).isEqualTo(200);
		assertThat(approval.uri().getPath()).isEqualTo("/device/consent");
		assertThat(approval.headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void verificationWhenCodesAreWrongThenFailuresAreAuditedAndTheSessionIsThrottled() {
		Map<String, Object> started = start("message.read");
		HttpExchange browser = signedInBrowser();

		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = browser.postForm("/oauth2/device_verification",
					Map.of("user_code", "BBBB-BBB" + "CDFGH".charAt(i)));
			assertThat(wrong.statusCode()).as("wrong code %d", i).isEqualTo(400);
			assertThat(HtmlDocuments.text(wrong, "device-error")).as("wrong code %d", i)
				.hasValueSatisfying((text) -> assertThat(text).contains("not valid or has expired"));
			assertThat(HtmlDocuments.fieldValue(wrong, "user_code")).isPresent();
		}
		HttpResponse<String> throttled = browser.postForm("/oauth2/device_verification",
				Map.of("user_code", started.get("user_code")));

		assertThat(throttled.statusCode()).as("even the right code, from this session").isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
		assertThat(HtmlDocuments.text(throttled, "device-error"))
			.hasValueSatisfying((text) -> assertThat(text).contains("Too many wrong codes"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql(
					"SELECT COUNT(*) FROM audit_event WHERE type = 'USER_CODE_FAILED' AND outcome = 'FAILURE' AND actor = ?")
				.param(this.username)
				.query(Long.class)
				.single(), (count) -> count == 5);
		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%BBBB%'").query(Long.class).single())
			.as("no code in the audit log")
			.isZero();
		// Another browser of the same user signs in afresh and is let through.
		assertThat(signInAt(started).uri().getPath()).isEqualTo("/device/consent");
	}

	@Test
	void verificationWhenInputIsJunkThenOurPageAndNeverAServerError() {
		HttpExchange browser = signedInBrowser();
		List<Map<String, Object>> forms = List.of(Map.of("user_code", ""), Map.of("user_code", "x"),
				Map.of("user_code", "A".repeat(5_000)), Map.of("user_code", "<script>alert(1)</script>"),
				Map.of("user_code", "ÄÖÜ-ßßßß"), Map.of("user_code", List.of("BBBB-BBBB", "CCCC-CCCC")),
				Map.of("user_code", "BBBB-BBBB", "state", "junk", "client_id", DEVICE_CLIENT_ID),
				Map.of("user_code", "BBBB-BBBB", "state", "junk"), Map.of("state", "junk"), Map.of());
		for (Map<String, Object> form : forms) {
			for (HttpResponse<String> response : List.of(browser.postForm("/oauth2/device_verification", form),
					browser.browse("/oauth2/device_verification?" + query(form)))) {
				assertThat(response.statusCode()).as("%s %s", response.request().method(), form).isIn(200, 400, 429);
				assertThat(response.headers().firstValue("Content-Type")).as("%s", form)
					.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
				assertThat(response.body()).as("%s", form).doesNotContain("<script>alert(1)</script>");
			}
		}
		for (String consent : List.of("/device/consent", "/device/consent?state=junk&client_id=demo-device",
				"/device/consent?client_id=no-such-client&state=x&user_code=y")) {
			HttpResponse<String> response = browser.browse(consent);
			assertThat(response.statusCode()).as(consent).isEqualTo(400);
			assertThat(HtmlDocuments.text(response, "device-error")).as(consent).isPresent();
		}
	}

	private Map<String, Object> start(String scope) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("client_id", DEVICE_CLIENT_ID);
		if (scope != null) {
			form.put("scope", scope);
		}
		HttpResponse<String> response = this.device.postForm("/oauth2/device_authorization", form);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	private HttpResponse<String> poll(Map<String, Object> started) {
		return this.device.postForm("/oauth2/token", Map.of("grant_type", AuthorizationGrantType.DEVICE_CODE.getValue(),
				"device_code", started.get("device_code"), "client_id", DEVICE_CLIENT_ID));
	}

	/**
	 * Opens {@code verification_uri_complete} in a new browser, signs in there and
	 * follows on to the approval page.
	 */
	private HttpResponse<String> signInAt(Map<String, Object> started) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toLogin = browser.browse((String) started.get("verification_uri_complete"));
		assertThat(toLogin.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(toLogin).getPath()).isEqualTo("/login");
		HttpResponse<String> back = login(browser, browser.follow(toLogin));
		URI complete = URI.create((String) started.get("verification_uri_complete"));
		assertThat(HttpExchange.location(back).getRawPath() + "?" + HttpExchange.location(back).getRawQuery())
			.as("back to the code after sign-in")
			.startsWith(complete.getRawPath() + "?" + complete.getRawQuery());
		HttpResponse<String> toApproval = browser.follow(back);
		assertThat(toApproval.statusCode()).isEqualTo(302);
		HttpResponse<String> approval = browser.follow(toApproval);
		assertThat(approval.statusCode()).isEqualTo(200);
		this.approvingBrowser = browser;
		return approval;
	}

	private HttpResponse<String> decide(HttpResponse<String> approval, boolean approve) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("client_id", HtmlDocuments.fieldValue(approval, "client_id").orElseThrow());
		form.put("state", HtmlDocuments.fieldValue(approval, "state").orElseThrow());
		form.put("user_code", HtmlDocuments.fieldValue(approval, "user_code").orElseThrow());
		if (approve) {
			form.put("scope",
					HtmlDocuments.read(approval,
							(page) -> page.getElementById("approve-device-form")
								.querySelectorAll("input[name=scope]")
								.stream()
								.map((input) -> ((HtmlInput) input).getValue())
								.toList()));
		}
		HttpResponse<String> decided = this.approvingBrowser.postForm("/oauth2/device_verification", form);
		assertThat(decided.statusCode()).isEqualTo(302);
		HttpResponse<String> result = this.approvingBrowser.follow(decided);
		assertThat(result.statusCode()).isEqualTo(200);
		return result;
	}

	private HttpExchange signedInBrowser() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> toLogin = browser.browse("/oauth2/device_verification");
		assertThat(toLogin.statusCode()).isEqualTo(302);
		HttpResponse<String> back = login(browser, browser.follow(toLogin));
		assertThat(browser.follow(back).statusCode()).isEqualTo(200);
		return browser;
	}

	private HttpResponse<String> login(HttpExchange browser, HttpResponse<String> loginPage) {
		HttpResponse<String> loggedIn = browser.postForm("/login", Map.of("username", this.username, "password",
				TestUsers.PASSWORD, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		return loggedIn;
	}

	private static String query(Map<String, Object> form) {
		StringBuilder query = new StringBuilder();
		form.forEach((name, value) -> {
			for (Object one : (value instanceof List<?> list) ? list : List.of(value)) {
				query.append(query.isEmpty() ? "" : "&")
					.append(name)
					.append('=')
					.append(URLEncoder.encode(one.toString(), StandardCharsets.UTF_8));
			}
		});
		return query.toString();
	}

	private static String hashOf(String value) {
		return "sha256:" + OpaqueTokens.hash(value);
	}

}
