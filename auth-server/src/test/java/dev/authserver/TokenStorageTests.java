package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the authorization table holds: hashes of token values, never the tokens, and
 * lookups still find them.
 */
@AuthServerTest
class TokenStorageTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcClient jdbc;

	/** The stored form of a token, computed here independently of the production code. */
	private static String sha256(String value) throws NoSuchAlgorithmException {
		return "sha256:" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
	}

	private long rowsOf(String clientId) {
		return this.jdbc
			.sql("""
					SELECT COUNT(*) FROM oauth2_authorization a JOIN oauth2_registered_client c ON c.id = a.registered_client_id
					WHERE c.client_id = :clientId""")
			.param("clientId", clientId)
			.query(Long.class)
			.single();
	}

	@Test
	void issuedTokensWhenStoredThenOnlyTheirHashesAreInTheTableAndIntrospectionStillFindsThem() {
		HttpExchange http = HttpExchange.to(this.issuer);
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		String accessToken = (String) HttpExchange.json(response).get("access_token");

		List<String> storedValues = this.jdbc.sql("""
				SELECT access_token_value FROM oauth2_authorization WHERE access_token_value IS NOT NULL""")
			.query(String.class)
			.list();
		String attributesAndMetadata = String.join("\n", this.jdbc.sql("""
				SELECT COALESCE(attributes, '') || COALESCE(access_token_metadata, '') FROM oauth2_authorization""")
			.query(String.class)
			.list());

		assertThat(storedValues).isNotEmpty().allSatisfy((value) -> assertThat(value).matches("sha256:[0-9a-f]{64}"));
		assertThat(storedValues).doesNotContain(accessToken);
		assertThat(attributesAndMetadata).doesNotContain(accessToken);
		HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect", Map.of("token", accessToken),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		assertThat(HttpExchange.json(introspection)).containsEntry("active", true)
			.containsEntry("client_id", TestClients.MACHINE_CLIENT_ID);
	}

	@Test
	void storedHashWhenPresentedAsATokenThenItIsNotOne() throws NoSuchAlgorithmException {
		HttpExchange http = HttpExchange.to(this.issuer);
		String accessToken = (String) HttpExchange.json(http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET))
			.get("access_token");
		String storedHash = this.jdbc
			.sql("SELECT access_token_value FROM oauth2_authorization WHERE access_token_value = ?")
			.param(sha256(accessToken))
			.query(String.class)
			.single();

		HttpResponse<String> introspection = http.postFormAsClient("/oauth2/introspect", Map.of("token", storedHash),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		http.postFormAsClient("/oauth2/revoke", Map.of("token", storedHash), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);

		assertThat(HttpExchange.json(introspection)).containsExactly(Map.entry("active", false));
		assertThat(HttpExchange.json(http.postFormAsClient("/oauth2/introspect", Map.of("token", accessToken),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET)))
			.containsEntry("active", true);
	}

	@Test
	void clientCredentialsTokenWhenClientIsStatelessThenNothingIsStoredAndItCannotBeIntrospected() {
		HttpExchange http = HttpExchange.to(this.issuer);
		long rowsBefore = rowsOf(TestClients.DECLARED_CLIENT_ID);

		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.DECLARED_CLIENT_ID,
				TestClients.DECLARED_CLIENT_SECRET);

		assertThat(response.statusCode()).isEqualTo(200);
		String accessToken = (String) HttpExchange.json(response).get("access_token");
		SignedJwts.verify(accessToken, http.get("/oauth2/jwks").body());
		assertThat(rowsOf(TestClients.DECLARED_CLIENT_ID)).isEqualTo(rowsBefore).isZero();
		assertThat(HttpExchange.json(http.postFormAsClient("/oauth2/introspect", Map.of("token", accessToken),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET)))
			.containsExactly(Map.entry("active", false));
	}

	@Test
	void tokenLookupsWhenPlannedByTheDatabaseThenUseAnIndexPerTokenColumn() {
		List<String> indexed = this.jdbc.sql("""
				SELECT LOWER(c.column_name) FROM information_schema.index_columns c
				WHERE LOWER(c.table_name) = 'oauth2_authorization'""").query(String.class).list();

		assertThat(indexed).contains("access_token_value", "refresh_token_value", "authorization_code_value",
				"oidc_id_token_value", "state");
	}

}
