package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.LogoutListener.Received;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * OpenID Connect Back-Channel Logout 1.0: when a session ends, each client of it that
 * registered a {@code backchannel_logout_uri} receives a signed logout token by POST, a
 * failed delivery is retried, and the audit log says how it went. Front-Channel Logout
 * 1.0: the signed-out page frames the clients' {@code frontchannel_logout_uri}. The
 * clients' listeners run on this machine, which development mode lets the server reach.
 */
@TunedServerTest
class BackChannelLogoutTests {

	private static final String REDIRECT_URI = "https://rp.example/callback";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void signOutWhenAClientOfTheSessionRegisteredABackChannelUriThenItReceivesALogoutTokenThatVerifies()
			throws Exception {
		try (LogoutListener listener = LogoutListener.start()) {
			Map<String, Object> client = register(listener.uri());
			HttpExchange browser = HttpExchange.to(this.issuer);
			Map<String, Object> tokens = signIn(browser, client);

			signOut(browser);

			Received received = Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(listener::received, (all) -> !all.isEmpty())
				.get(0);
			assertThat(received.method()).isEqualTo("POST");
			assertThat(received.contentType()).startsWith("application/x-www-form-urlencoded");
			SignedJWT logoutToken = SignedJwts.verify(received.logoutToken(),
					HttpExchange.to(this.issuer).get("/oauth2/jwks").body());
			assertThat(logoutToken.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
			JWTClaimsSet claims = logoutToken.getJWTClaimsSet();
			JWTClaimsSet idToken = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet();
			assertThat(claims.getIssuer()).isEqualTo(this.issuer);
			assertThat(claims.getAudience()).containsExactly((String) client.get("client_id"));
			assertThat(claims.getSubject()).isEqualTo(this.username);
			assertThat(claims.getStringClaim("sid")).isEqualTo(idToken.getStringClaim("sid")).isNotBlank();
			assertThat(claims.getJWTID()).isNotBlank();
			assertThat(claims.getIssueTime()).isBeforeOrEqualTo(new Date());
			assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
			assertThat(claims.getJSONObjectClaim("events"))
				.containsOnlyKeys("http://schemas.openid.net/event/backchannel-logout");
			assertThat(claims.getClaims()).doesNotContainKey("nonce");
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> audited("LOGOUT_DELIVERED", (String) client.get("client_id")) == 1);
			assertThat(this.jdbc.sql("SELECT count(*) FROM logout_delivery WHERE client_id = ?")
				.param(client.get("client_id"))
				.query(Integer.class)
				.single()).as("the outbox, once delivered").isZero();
		}
	}

	@Test
	void deliveryWhenTheClientFailsAtFirstThenItIsRetriedUntilDeliveredAndEachFailureAudited() throws Exception {
		try (LogoutListener listener = LogoutListener.failingFirst(2)) {
			Map<String, Object> client = register(listener.uri());
			HttpExchange browser = HttpExchange.to(this.issuer);
			signIn(browser, client);

			signOut(browser);

			String clientId = (String) client.get("client_id");
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> audited("LOGOUT_DELIVERED", clientId) == 1);
			assertThat(listener.received()).hasSize(3);
			assertThat(audited("LOGOUT_DELIVERY_FAILED", clientId)).isEqualTo(2);
			assertThat(listener.received().stream().map(Received::logoutToken).distinct()).as("signed for each attempt")
				.hasSize(3);
		}
	}

	@Test
	void rpInitiatedLogoutWhenTwoClientsShareTheSessionThenOnlyTheOtherOneIsNotified() throws Exception {
		try (LogoutListener asking = LogoutListener.start(); LogoutListener other = LogoutListener.start()) {
			Map<String, Object> askingClient = register(asking.uri());
			Map<String, Object> otherClient = register(other.uri());
			HttpExchange browser = HttpExchange.to(this.issuer);
			Map<String, Object> tokens = signIn(browser, askingClient);
			Map<String, Object> otherTokens = signIn(browser, otherClient);

			HttpResponse<String> logout = browser.browse(UriComponentsBuilder.fromPath("/connect/logout")
				.queryParam("id_token_hint", tokens.get("id_token"))
				.build()
				.toUriString());

			assertThat(logout.statusCode()).isEqualTo(302);
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> other.received().size() == 1);
			assertThat(asking.received()).as("the client that asked knows").isEmpty();
			assertThat(refresh(otherClient, otherTokens).statusCode()).as("the other client's refresh token")
				.isEqualTo(400);
		}
	}

	@Test
	void signOutWhenAClientOfTheSessionRegisteredAFrontChannelUriThenThePageFramesItAndItsPolicyAllowsExactlyThatOrigin()
			throws Exception {
		Map<String, Object> client = registerFrontChannel("https://rp.example:8443/front-channel-logout?app=1");
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = signIn(browser, client);
		String sid = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("sid");

		HttpResponse<String> home = browser.browse("/");
		HttpResponse<String> page = browser.postForm("/logout", Map.of("_csrf", HttpExchange.csrfToken(home)));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
			.endsWith("; frame-src https://rp.example:8443")
			.contains("frame-ancestors 'none'");
		String frame = HtmlDocuments.<String>read(page,
				(html) -> html.getElementById("front-channel-logout-0").getAttribute("src"));
		assertThat(frame)
			.isEqualTo(UriComponentsBuilder.fromUriString("https://rp.example:8443/front-channel-logout?app=1")
				.queryParam("iss", this.issuer)
				.queryParam("sid", sid)
				.encode()
				.build()
				.toUriString());
		String continueUri = HtmlDocuments.read(page, (html) -> html.getElementById("continue").getAttribute("href"));
		assertThat(continueUri).isEqualTo("/login?logout");
		assertThat(browser.browse("/").statusCode()).as("signed out").isEqualTo(302);
	}

	@Test
	void discoveryWhenReadThenAdvertisesBackAndFrontChannelLogoutWithSessions() {
		Map<String, Object> metadata = HttpExchange
			.json(HttpExchange.to(this.issuer).get("/.well-known/openid-configuration"));

		assertThat(metadata).containsEntry("backchannel_logout_supported", true)
			.containsEntry("backchannel_logout_session_supported", true)
			.containsEntry("frontchannel_logout_supported", true)
			.containsEntry("frontchannel_logout_session_supported", true);
	}

	private Map<String, Object> registerFrontChannel(String frontChannelLogoutUri) {
		return registerJson("""
				{"redirect_uris": ["%s"], "grant_types": ["authorization_code"], "scope": "openid",
				 "frontchannel_logout_uri": "%s"}""".formatted(REDIRECT_URI, frontChannelLogoutUri));
	}

	private Map<String, Object> register(String backChannelLogoutUri) {
		Map<String, Object> registered = registerJson("""
				{"redirect_uris": ["%s"], "grant_types": ["authorization_code", "refresh_token"],
				 "scope": "openid", "backchannel_logout_uri": "%s",
				 "backchannel_logout_session_required": true}""".formatted(REDIRECT_URI, backChannelLogoutUri));
		assertThat(registered).containsEntry("backchannel_logout_uri", backChannelLogoutUri)
			.containsEntry("backchannel_logout_session_required", true);
		return registered;
	}

	private Map<String, Object> registerJson(String json) {
		String initialAccessToken = this.initialAccessTokens.create("logout", Set.of(), Set.of(), null,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", json, "Authorization", "Bearer " + initialAccessToken);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return HttpExchange.json(response);
	}

	private Map<String, Object> signIn(HttpExchange browser, Map<String, Object> client) {
		return SignInSessionTests.signIn(browser, this.issuer, this.username, TestUsers.PASSWORD,
				(String) client.get("client_id"), (String) client.get("client_secret"), REDIRECT_URI, "openid");
	}

	private HttpResponse<String> refresh(Map<String, Object> client, Map<String, Object> tokens) {
		return CodeGrant
			.of(this.issuer, (String) client.get("client_id"), (String) client.get("client_secret"), REDIRECT_URI)
			.refresh(tokens.get("refresh_token"));
	}

	static void signOut(HttpExchange browser) {
		HttpResponse<String> home = browser.browse("/");
		assertThat(browser.postForm("/logout", Map.of("_csrf", HttpExchange.csrfToken(home))).statusCode())
			.isEqualTo(302);
	}

	private int audited(String type, String clientId) {
		return this.jdbc.sql("SELECT count(*) FROM audit_event WHERE type = ? AND client_id = ?")
			.params(type, clientId)
			.query(Integer.class)
			.single();
	}

}
