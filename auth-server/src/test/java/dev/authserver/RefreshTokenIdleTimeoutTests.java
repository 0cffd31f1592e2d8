package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A server whose refresh tokens expire after a few seconds unused, with a client declared
 * through Boot's properties that leaves {@code reuse-refresh-tokens} at Boot's default
 * and is limited to one resource server.
 */
@TunedServerTest
class RefreshTokenIdleTimeoutTests {

	static final long IDLE_SECONDS = 4;

	static final String PORTAL = "spring.security.oauth2.authorizationserver.client.portal.registration.";

	static final String PORTAL_CLIENT_ID = "portal";

	static final String PORTAL_SECRET = "portal-test-secret";

	static final String PORTAL_REDIRECT_URI = "https://portal.example/callback";

	private static final String SCOPES = "openid message.read";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	String username;

	CodeGrant portal;

	@BeforeEach
	void signIn() {
		this.username = this.users.create();
		this.portal = CodeGrant.of(this.issuer, PORTAL_CLIENT_ID, PORTAL_SECRET, PORTAL_REDIRECT_URI);
	}

	@Test
	void refreshTokenWhenUnusedForTheIdleTimeoutThenInvalidGrant() {
		Object refreshToken = this.portal.tokens(SCOPES, this.username, TestUsers.PASSWORD).get("refresh_token");
		Map<String, Object> fresh = this.portal.introspect(refreshToken);
		assertThat(fresh).containsEntry("active", true);
		assertThat(((Number) fresh.get("exp")).longValue() - ((Number) fresh.get("iat")).longValue())
			.as("the idle timeout, not the client's lifetime of an hour")
			.isEqualTo(IDLE_SECONDS);

		Awaitility.await()
			.atMost(Duration.ofSeconds(IDLE_SECONDS * 4))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> Boolean.FALSE.equals(this.portal.introspect(refreshToken).get("active")));
		HttpResponse<String> refresh = this.portal.refresh(refreshToken);

		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(refresh)).containsEntry("error", "invalid_grant");
	}

	@Test
	void declaredClientWhenItLeavesReuseAtBootsDefaultThenEachRefreshReplacesTheTokenAndTheOldOneIsRefused() {
		Map<String, Object> tokens = this.portal.tokens(SCOPES, this.username, TestUsers.PASSWORD);

		Map<String, Object> first = this.portal.refreshed(tokens.get("refresh_token"));
		Map<String, Object> second = this.portal.refreshed(first.get("refresh_token"));
		HttpResponse<String> replay = this.portal.refresh(first.get("refresh_token"));

		assertThat(first.get("refresh_token")).isNotNull().isNotEqualTo(tokens.get("refresh_token"));
		assertThat(second.get("refresh_token")).isNotNull().isNotEqualTo(first.get("refresh_token"));
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(replay)).containsEntry("error", "invalid_grant");
		assertThat(this.portal.introspect(second.get("refresh_token"))).as("the grant is revoked")
			.containsEntry("active", false);
	}

	@Test
	void declaredClientWhenItsResourcesAreDeclaredThenItsTokensAreForTheFirstAndNoOther() throws Exception {
		Map<String, Object> tokens = this.portal.tokens(SCOPES, this.username, TestUsers.PASSWORD);

		HttpResponse<String> otherResource = this.portal.refresh(tokens.get("refresh_token"), "resource",
				TestClients.DEFAULT_RESOURCE);

		JWTClaimsSet accessToken = SignedJwts.claims(SignedJwts.verify((String) tokens.get("access_token"),
				HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
		assertThat(accessToken.getAudience()).containsExactly(TestClients.OTHER_RESOURCE, this.issuer);
		assertThat(otherResource.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(otherResource)).containsEntry("error", "invalid_target");
	}

}
