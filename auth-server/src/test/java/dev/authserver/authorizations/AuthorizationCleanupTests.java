package dev.authserver.authorizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.authserver.clients.JdbcUsedClientAssertions;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The cleanup job on the real schema: it deletes only what nobody can use, in batches.
 */
@JdbcTest
@Import(JdbcInitialAccessTokenRepository.class)
class AuthorizationCleanupTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	AuthorizationCleanupJob job;

	@BeforeEach
	void job() {
		this.jdbc.sql("DELETE FROM oauth2_authorization").update();
		this.jdbc.sql("DELETE FROM used_client_assertion").update();
		this.jdbc.sql("DELETE FROM client_registration").update();
		this.jdbc.sql("DELETE FROM initial_access_token").update();
		this.job = new AuthorizationCleanupJob(new JdbcAuthorizationCleanup(this.jdbc),
				List.of(new JdbcUsedClientAssertions(this.jdbc), this.initialAccessTokens),
				new CleanupProperties(Duration.ofMinutes(10), 2, Duration.ofHours(1)),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void deleteExpiredWhenRowsAreMixedThenOnlyUnusableOnesGoInBatches() {
		Instant longAgo = NOW.minus(Duration.ofDays(2));
		for (int i = 0; i < 5; i++) {
			insert("expired-" + i, longAgo, NOW.minus(Duration.ofHours(3)), null);
		}
		insert("refresh-still-valid", longAgo, NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(1)));
		insert("access-still-valid", NOW.minusSeconds(60), NOW.plusSeconds(240), null);
		insert("expired-within-grace", longAgo, NOW.minus(Duration.ofMinutes(30)), null);
		insert("pending-recent", NOW.minus(Duration.ofMinutes(5)), null, null);
		insert("pending-abandoned", longAgo, null, null);

		int deleted = this.job.deleteExpired();

		assertThat(deleted).isEqualTo(6);
		assertThat(ids()).containsExactlyInAnyOrder("refresh-still-valid", "access-still-valid", "expired-within-grace",
				"pending-recent");
	}

	/**
	 * Device authorizations (RFC 8628): a pending one lives as long as its codes, and its
	 * polling record lives on its row.
	 */
	@Test
	void deleteExpiredWhenDeviceCodesExpiredThenTheirAuthorizationsGoWithTheirPolls() {
		Instant longAgo = NOW.minus(Duration.ofDays(2));
		insertDevice("device-expired", longAgo, NOW.minus(Duration.ofHours(3)));
		insertDevice("device-pending", NOW.minus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(3)));

		int deleted = this.job.deleteExpired();

		assertThat(deleted).isEqualTo(1);
		assertThat(ids()).containsExactly("device-pending");
	}

	@Test
	void runWhenAReplacedRefreshTokenHasExpiredThenItIsKeptAsLongAsItsGrant() {
		Instant longAgo = NOW.minus(Duration.ofDays(2));
		insert("live-grant", longAgo, NOW.minus(Duration.ofHours(3)), NOW.plus(Duration.ofHours(20)));
		insert("dead-grant", longAgo, NOW.minus(Duration.ofHours(3)), NOW.minus(Duration.ofHours(2)));
		insertReplacedRefreshToken("replaced-of-live", "live-grant", NOW.minus(Duration.ofDays(1)));
		insertReplacedRefreshToken("replaced-of-dead", "dead-grant", NOW.minus(Duration.ofDays(1)));

		this.job.run();

		// A stolen token presented a day after its own expiry must still revoke the grant
		// that is still in use.
		assertThat(this.jdbc.sql("SELECT token_hash FROM replaced_refresh_token").query(String.class).list())
			.containsExactly("replaced-of-live");
	}

	@Test
	void runWhenConsentsBelongToDeletedClientsThenOnlyThoseConsentsGo() {
		insertRegisteredClient("live-client");
		for (String client : List.of("live-client", "deleted-client")) {
			this.jdbc.sql("""
					INSERT INTO oauth2_authorization_consent (registered_client_id, principal_name, authorities)
					VALUES (:client, 'alice', 'SCOPE_openid')""").param("client", client).update();
		}

		this.job.run();

		assertThat(this.jdbc.sql("SELECT registered_client_id FROM oauth2_authorization_consent")
			.query(String.class)
			.list()).containsExactly("live-client");
	}

	@Test
	void deleteExpiredClientAssertionsWhenSomeExpiredThenOnlyThoseGoInBatches() {
		for (int i = 0; i < 5; i++) {
			insertUsedAssertion("expired-" + i, NOW.minusSeconds(1));
		}
		insertUsedAssertion("still-presentable", NOW.plusSeconds(60));

		int deleted = this.job.delete(new JdbcUsedClientAssertions(this.jdbc));

		assertThat(deleted).isEqualTo(5);
		assertThat(this.jdbc.sql("SELECT jti FROM used_client_assertion").query(String.class).list())
			.containsExactly("still-presentable");
	}

	@Test
	void deleteUnusableInitialAccessTokensWhenTokensAreMixedThenOnlyUnreferencedUnusableOnesGoInBatches() {
		Instant longAgo = NOW.minus(Duration.ofDays(2));
		Instant nextWeek = NOW.plus(Duration.ofDays(7));
		for (int i = 0; i < 3; i++) {
			insertInitialAccessToken("expired-" + i, longAgo, NOW.minus(Duration.ofHours(3)), false, 1, 0);
		}
		insertInitialAccessToken("revoked", longAgo, nextWeek, true, null, 0);
		insertInitialAccessToken("used-up", longAgo, nextWeek, false, 2, 2);
		insertInitialAccessToken("usable", longAgo, nextWeek, false, 2, 1);
		insertInitialAccessToken("unlimited-with-uses", longAgo, nextWeek, false, null, 5);
		insertInitialAccessToken("expired-within-grace", longAgo, NOW.minus(Duration.ofMinutes(30)), false, null, 0);
		insertInitialAccessToken("revoked-right-after-creation", NOW.minus(Duration.ofMinutes(5)), nextWeek, true, null,
				0);
		insertInitialAccessToken("used-up-by-a-live-client", longAgo, NOW.minus(Duration.ofHours(3)), false, 1, 1);
		// Unusable twice over, but a client registered with it: its allowed scopes still
		// limit that client.
		insertRegisteredClient("registered-client");
		this.jdbc.sql("""
				INSERT INTO client_registration (registered_client_id, registration_access_token_hash,
				    initial_access_token_id)
				VALUES ('registered-client', 'rat-hash', 'used-up-by-a-live-client')""").update();

		int deleted = this.job.delete(this.initialAccessTokens);

		assertThat(deleted).isEqualTo(5);
		assertThat(this.jdbc.sql("SELECT id FROM initial_access_token").query(String.class).list())
			.containsExactlyInAnyOrder("usable", "unlimited-with-uses", "expired-within-grace",
					"revoked-right-after-creation", "used-up-by-a-live-client");
	}

	private void insertRegisteredClient(String id) {
		this.jdbc.sql("""
				INSERT INTO oauth2_registered_client (id, client_id, client_name, client_authentication_methods,
				    authorization_grant_types, scopes, client_settings, token_settings)
				VALUES (:id, :id, 'Client', 'none', 'authorization_code', 'openid', '{}', '{}')""")
			.param("id", id)
			.update();
	}

	private void insertInitialAccessToken(String id, Instant createdAt, Instant expiresAt, boolean revoked,
			Integer maxUses, int uses) {
		this.jdbc
			.sql("""
					INSERT INTO initial_access_token
					    (id, token_hash, description, allowed_scopes, max_uses, uses, expires_at, revoked, created_at,
					    created_by)
					VALUES (:id, :id, 'test', 'message.read', :maxUses, :uses, :expiresAt, :revoked, :createdAt, 'admin')""")
			.param("id", id)
			.param("maxUses", maxUses, Types.INTEGER)
			.param("uses", uses)
			.param("expiresAt", Timestamp.from(expiresAt))
			.param("revoked", revoked)
			.param("createdAt", Timestamp.from(createdAt))
			.update();
	}

	private void insertReplacedRefreshToken(String hash, String authorizationId, Instant expiresAt) {
		this.jdbc.sql("INSERT INTO replaced_refresh_token (token_hash, authorization_id, expires_at) VALUES (?, ?, ?)")
			.params(hash, authorizationId, Timestamp.from(expiresAt))
			.update();
	}

	private void insertUsedAssertion(String jti, Instant expiresAt) {
		this.jdbc.sql("INSERT INTO used_client_assertion (client_id, jti, expires_at) VALUES ('client', ?, ?)")
			.params(jti, Timestamp.from(expiresAt))
			.update();
	}

	private void insert(String id, Instant createdAt, Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt) {
		this.jdbc
			.sql("""
					INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
					    access_token_value, access_token_expires_at, refresh_token_value, refresh_token_expires_at, created_at)
					VALUES (:id, 'client', 'alice', 'authorization_code', :access, :accessExpiresAt, :refresh,
					    :refreshExpiresAt, :createdAt)""")
			.param("id", id)
			.param("access", (accessTokenExpiresAt != null) ? "sha256:" + id : null, Types.VARCHAR)
			.param("accessExpiresAt", timestamp(accessTokenExpiresAt), Types.TIMESTAMP)
			.param("refresh", (refreshTokenExpiresAt != null) ? "sha256:r-" + id : null, Types.VARCHAR)
			.param("refreshExpiresAt", timestamp(refreshTokenExpiresAt), Types.TIMESTAMP)
			.param("createdAt", Timestamp.from(createdAt))
			.update();
	}

	private void insertDevice(String id, Instant createdAt, Instant codesExpireAt) {
		this.jdbc.sql("""
				INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
				    device_code_value, device_code_expires_at, user_code_value, user_code_expires_at,
				    device_code_polled_at, device_code_interval, created_at)
				VALUES (:id, 'client', 'client', 'urn:ietf:params:oauth:grant-type:device_code', :device, :expiresAt,
				    :user, :expiresAt, :createdAt, 10, :createdAt)""")
			.param("id", id)
			.param("device", "sha256:d-" + id)
			.param("user", "sha256:u-" + id)
			.param("expiresAt", Timestamp.from(codesExpireAt))
			.param("createdAt", Timestamp.from(createdAt))
			.update();
	}

	private List<String> ids() {
		return this.jdbc.sql("SELECT id FROM oauth2_authorization").query(String.class).list();
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
