package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authserver.clients.ClientSecretEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Refresh tokens are replaced at every use by every client, and replacing them does not
 * make the grant live longer than the client's refresh token lifetime, counted from the
 * user's authorization.
 */
@AuthServerTest
class RefreshTokenTests {

	private static final String SCOPES = "openid message.read";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcRegisteredClientRepository registeredClients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void refreshWhenTokensAreReplacedThenTheGrantStillEndsOneLifetimeAfterTheUsersAuthorization() {
		CodeGrant grant = CodeGrant.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
		Map<String, Object> tokens = grant.tokens(SCOPES, this.username, TestUsers.PASSWORD);
		Instant grantEnd = stored("authorization_code_issued_at")
			.plus(this.registeredClients.findByClientId(TestClients.WEB_CLIENT_ID)
				.getTokenSettings()
				.getRefreshTokenTimeToLive());
		assertThat(stored("refresh_token_expires_at")).as("the first refresh token").isEqualTo(grantEnd);

		Map<String, Object> second = grant.refreshed(grant.refreshed(tokens.get("refresh_token")).get("refresh_token"));

		assertThat(stored("refresh_token_expires_at")).as("a replacement").isEqualTo(grantEnd);
		Map<String, Object> introspected = grant.introspect(second.get("refresh_token"));
		assertThat(introspected).containsEntry("active", true);
		assertThat(((Number) introspected.get("exp")).longValue()).isLessThanOrEqualTo(grantEnd.getEpochSecond());
	}

	@Test
	void refreshWhenAStoredClientStillSaysToReuseRefreshTokensThenEachIsReplacedAndTheOldOneRefused() {
		String secret = "reuse-test-secret-" + UUID.randomUUID();
		String redirectUri = "https://legacy.example/callback";
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("legacy-" + UUID.randomUUID())
			.clientSecret(this.clientSecretEncoder.encode(secret))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(redirectUri)
			.scopes((scopes) -> scopes.addAll(List.of("openid", "message.read")))
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(true).build())
			.build();
		this.registeredClients.save(client);
		assertThat(this.jdbc.sql("SELECT token_settings FROM oauth2_registered_client WHERE id = ?")
			.param(client.getId())
			.query(String.class)
			.single()).as("as stored before rotation was the rule").contains("reuse-refresh-tokens\":true");
		CodeGrant grant = CodeGrant.of(this.issuer, client.getClientId(), secret, redirectUri);
		Map<String, Object> tokens = grant.tokens(SCOPES, this.username, TestUsers.PASSWORD);

		Map<String, Object> refreshed = grant.refreshed(tokens.get("refresh_token"));
		HttpResponse<String> replay = grant.refresh(tokens.get("refresh_token"));

		assertThat(refreshed.get("refresh_token")).isNotNull().isNotEqualTo(tokens.get("refresh_token"));
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(replay)).containsEntry("error", "invalid_grant");
	}

	/** A time of the test user's one authorization, as stored. */
	private Instant stored(String column) {
		return this.jdbc.sql("SELECT " + column + " FROM oauth2_authorization WHERE principal_name = ?")
			.param(this.username)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

}
