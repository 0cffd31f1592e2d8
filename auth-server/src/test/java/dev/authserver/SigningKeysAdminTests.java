package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * The admin console's keys page and the admin API: only for ADMIN users, and a requested
 * rotation publishes the next key at once while the current key goes on signing.
 */
@AuthServerTest
class SigningKeysAdminTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void adminApiWhenNotAuthenticatedThenUnauthorized() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/admin/api/keys");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic"));
	}

	@Test
	void adminApiWhenUserIsNotAnAdminThenForbidden() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/admin/api/keys/rotation", Map.of(), TestClients.DEMO_USER,
					TestClients.DEMO_USER_PASSWORD);

		assertThat(response.statusCode()).isEqualTo(403);
	}

	@Test
	void adminApiWhenRotationRequestedThenNextKeyIsPublishedButTheActiveKeyStillSigns() throws Exception {
		HttpExchange http = HttpExchange.to(this.issuer);
		String signingKid = SignedJWT.parse(machineToken(http)).getHeader().getKeyID();

		HttpResponse<String> rotation = http.postFormAsClient("/admin/api/keys/rotation", Map.of(), TestClients.ADMIN,
				TestClients.ADMIN_PASSWORD);

		assertThat(rotation.statusCode()).isEqualTo(202);
		Map<String, Object> next = HttpExchange.json(rotation);
		assertThat(next).containsEntry("state", "NEXT").containsKey("activatedAt").doesNotContainKey("privateKey");
		String nextKid = (String) next.get("kid");
		assertThat(JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys()).extracting("keyID")
			.contains(signingKid, nextKid);
		assertThat(SignedJWT.parse(machineToken(http)).getHeader().getKeyID()).isEqualTo(signingKid);

		HttpResponse<String> list = http.get("/admin/api/keys", "Authorization",
				basic(TestClients.ADMIN, TestClients.ADMIN_PASSWORD));
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains(signingKid).contains(nextKid).contains("\"ACTIVE\"").doesNotContain("\"d\"");
	}

	@Test
	void adminApiWhenRevokingAnUnknownKeyThenNotFound() {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/admin/api/keys/no-such-kid/revocation", Map.of(), TestClients.ADMIN,
					TestClients.ADMIN_PASSWORD);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(HttpExchange.json(response)).containsEntry("error", "not_found");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(HttpExchange.json(response)).containsEntry("status", 404L)
			.containsEntry("title", "Not Found")
			.containsEntry("detail", "No published signing key with that kid")
			.containsEntry("instance", "/admin/api/keys/no-such-kid/revocation");
	}

	@Test
	void keysPageWhenAdminSignsInThenListsKeysWithTheirStates() throws Exception {
		HttpExchange browser = signedIn(TestClients.ADMIN, TestClients.ADMIN_PASSWORD);
		String signingKid = SignedJWT.parse(machineToken(browser)).getHeader().getKeyID();

		HttpResponse<String> page = browser.browse("/admin/keys");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(signingKid).contains("ACTIVE").contains("id=\"rotate-keys\"");
		assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void keysPageWhenUserIsNotAnAdminThenForbiddenPage() {
		HttpExchange browser = signedIn(TestClients.DEMO_USER, TestClients.DEMO_USER_PASSWORD);

		HttpResponse<String> page = browser.browse("/admin/keys");

		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("Access denied").doesNotContain("Exception");
	}

	@Test
	void keysPageWhenAnonymousThenLoginPage() {
		HttpResponse<String> page = HttpExchange.to(this.issuer).browse("/admin/keys");

		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(page).getPath()).isEqualTo("/login");
	}

	private HttpExchange signedIn(String username, String password) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		HttpResponse<String> loggedIn = browser.postForm("/login",
				Map.of("username", username, "password", password, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(loggedIn).getQuery()).isNull();
		return browser;
	}

	private static String machineToken(HttpExchange http) {
		HttpResponse<String> response = http.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "client_credentials"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(response).get("access_token");
	}

	private static String basic(String username, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
