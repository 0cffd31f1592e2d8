package dev.authserver.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.authserver.authorizations.CleanupTask;
import dev.authserver.keys.OpaqueTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.util.StringUtils;

/**
 * Stores initial access tokens by the SHA-256 hash of their value; the cleanup job
 * deletes those that can no longer register a client.
 */
@Repository
public class JdbcInitialAccessTokenRepository implements CleanupTask {

	private static final String TOKEN_PREFIX = "iat_";

	private static final String SELECT = """
			SELECT id, description, allowed_scopes, allowed_grant_types, max_uses, uses, expires_at, revoked, created_at,
			    created_by
			FROM initial_access_token""";

	private final JdbcClient jdbc;

	JdbcInitialAccessTokenRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates a token and returns its value: the only time anyone sees it.
	 * @param allowedScopes empty allows {@code authserver.scopes.registration-default}
	 * @param allowedGrantTypes empty allows any grant type this server supports
	 */
	public String create(String description, Set<String> allowedScopes, Set<String> allowedGrantTypes, Integer maxUses,
			Instant expiresAt, String createdBy, Instant now) {
		String token = OpaqueTokens.generate(TOKEN_PREFIX);
		this.jdbc
			.sql("""
					INSERT INTO initial_access_token
					    (id, token_hash, description, allowed_scopes, allowed_grant_types, max_uses, uses, expires_at, revoked,
					     created_at, created_by)
					VALUES (:id, :hash, :description, :scopes, :grantTypes, :maxUses, 0, :expiresAt, FALSE, :now, :createdBy)""")
			.param("id", UUID.randomUUID().toString())
			.param("hash", OpaqueTokens.hash(token))
			.param("description", description)
			.param("scopes", allowedScopes.isEmpty() ? null : String.join(" ", allowedScopes), Types.VARCHAR)
			.param("grantTypes", allowedGrantTypes.isEmpty() ? null : String.join(" ", allowedGrantTypes),
					Types.VARCHAR)
			.param("maxUses", maxUses, Types.INTEGER)
			.param("expiresAt", Timestamp.from(expiresAt))
			.param("now", Timestamp.from(now))
			.param("createdBy", createdBy)
			.update();
		return token;
	}

	public Optional<InitialAccessToken> findByToken(String token) {
		return this.jdbc.sql(SELECT + " WHERE token_hash = :hash")
			.param("hash", OpaqueTokens.hash(token))
			.query(this::mapRow)
			.optional();
	}

	/**
	 * The token the client was registered with, whose limits keep applying to its updates
	 * (RFC 7592 §2.2); none for a client registered without one.
	 */
	Optional<InitialAccessToken> findByRegisteredClientId(String registeredClientId) {
		return this.jdbc
			.sql(SELECT + " WHERE id = (SELECT initial_access_token_id FROM client_registration"
					+ " WHERE registered_client_id = :registeredClientId)")
			.param("registeredClientId", registeredClientId)
			.query(this::mapRow)
			.optional();
	}

	public List<InitialAccessToken> findAll() {
		return this.jdbc.sql(SELECT + " ORDER BY created_at DESC").query(this::mapRow).list();
	}

	/**
	 * Counts one use of the token, if it is still usable then: one conditional update, so
	 * two registrations racing for the last use of a single-use token cannot both win.
	 */
	boolean consume(String id, Instant now) {
		return this.jdbc.sql("""
				UPDATE initial_access_token SET uses = uses + 1
				WHERE id = :id AND revoked = FALSE AND expires_at > :now AND (max_uses IS NULL OR uses < max_uses)""")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	public boolean revoke(String id) {
		return this.jdbc.sql("UPDATE initial_access_token SET revoked = TRUE WHERE id = :id AND revoked = FALSE")
			.param("id", id)
			.update() == 1;
	}

	/**
	 * With the authorizations' cutoff, so the console still shows a token that expired
	 * lately; a revoked or used-up token records no time of its own, so it goes once it
	 * was created before the cutoff.
	 */
	@Override
	public int deleteBatch(Instant now, Instant cutoff, int batchSize) {
		return deleteUnusable(cutoff, batchSize);
	}

	@Override
	public String rows() {
		return "unusable initial access token(s)";
	}

	/**
	 * Deletes up to {@code batchSize} tokens created before {@code cutoff} that can no
	 * longer register a client: expired before {@code cutoff}, revoked or used up. A
	 * token that a registered client was registered with stays whatever its state,
	 * because its allowed scopes and grant types keep limiting that client
	 * ({@link #findByRegisteredClientId}). Safe when several instances run it at once,
	 * and while clients register: a registration counts its use and stores the row that
	 * keeps the token in one transaction, so no token is seen used up without that row.
	 * @return how many it deleted
	 */
	int deleteUnusable(Instant cutoff, int batchSize) {
		return this.jdbc.sql("""
				DELETE FROM initial_access_token WHERE id IN (
				    SELECT t.id FROM initial_access_token t
				    WHERE t.created_at < :cutoff
				      AND (t.expires_at < :cutoff OR t.revoked = TRUE
				          OR (t.max_uses IS NOT NULL AND t.uses >= t.max_uses))
				      AND NOT EXISTS (SELECT 1 FROM client_registration r WHERE r.initial_access_token_id = t.id)
				    LIMIT :batchSize)""")
			.param("cutoff", Timestamp.from(cutoff))
			.param("batchSize", batchSize)
			.update();
	}

	private InitialAccessToken mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new InitialAccessToken(rs.getString("id"), rs.getString("description"),
				spaceSeparated(rs.getString("allowed_scopes")), spaceSeparated(rs.getString("allowed_grant_types")),
				rs.getObject("max_uses", Integer.class), rs.getInt("uses"), rs.getTimestamp("expires_at").toInstant(),
				rs.getBoolean("revoked"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
	}

	private static Set<String> spaceSeparated(String values) {
		return StringUtils.hasText(values) ? new LinkedHashSet<>(List.of(values.split(" "))) : Set.of();
	}

}
