package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.authserver.registration.InitialAccessToken;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admin console's initial access tokens page, driven through the real login and form:
 * a token shown there registers clients at the real registration endpoint exactly as
 * often, as long and with the scopes the admin chose.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class InitialAccessTokensAdminTests {

	private static final String REGISTRATION = """
			{"redirect_uris":["https://app.example.com/cb"],"scope":"openid"}""";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcInitialAccessTokenRepository tokens;

	@Autowired
	JdbcClient jdbc;

	ConsoleSession admin;

	@BeforeEach
	void signInAsAdmin() {
		this.admin = ConsoleSession.signInAsAdmin(this.issuer);
	}

	@Test
	void createWhenUnlimitedThenTheShownTokenRegistersClientsUntilItExpires() {
		String description = "Partner " + UUID.randomUUID();
		HttpResponse<String> page = create(
				Map.of("description", description, "usage", "unlimited", "expiresIn", "7", "expiresInUnit", "days"));
		String token = ConsoleSession.requiredText(page, "initial-access-token");

		assertThat(page.body()).contains("it is not shown again").contains("/oauth2/register");
		assertThat(register(token).statusCode()).isEqualTo(201);
		assertThat(register(token).statusCode()).isEqualTo(201);

		InitialAccessToken stored = this.tokens.findByToken(token).orElseThrow();
		assertThat(stored.description()).isEqualTo(description);
		assertThat(stored.maxUses()).isNull();
		assertThat(stored.createdBy()).isEqualTo(TestClients.ADMIN);
		HttpResponse<String> list = this.admin.browse("/admin/initial-access-tokens");
		assertThat(list.body()).contains("data-token-id=\"" + stored.id() + "\"")
			.contains(description)
			.doesNotContain(token);
		assertThat(ConsoleSession.requiredText(list, "uses-" + stored.id())).isEqualTo("2 / unlimited");
		assertThat(ConsoleSession.requiredText(list, "state-" + stored.id())).isEqualTo("active");
	}

	@Test
	void createWhenTheTokenIsShownThenItNeverReachesTheSessionTableAndTheFormIsEmptyAgain() {
		HttpResponse<String> page = create(Map.of("description", "Kept out of sessions", "usage", "single", "expiresIn",
				"1", "expiresInUnit", "hours"));
		String token = ConsoleSession.requiredText(page, "initial-access-token");

		StoredSessionAttributes.assertNoneContains(this.jdbc, token);
		assertThat(page.body()).doesNotContain("value=\"Kept out of sessions\"");
	}

	@Test
	void createWhenSingleUseThenASecondRegistrationIsRefused() {
		HttpResponse<String> page = create(
				Map.of("description", "One client", "usage", "single", "expiresIn", "1", "expiresInUnit", "hours"));
		String token = ConsoleSession.requiredText(page, "initial-access-token");

		assertThat(register(token).statusCode()).isEqualTo(201);
		HttpResponse<String> second = register(token);

		assertThat(second.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(second)).containsEntry("error", "invalid_token");
		String id = this.tokens.findByToken(token).orElseThrow().id();
		HttpResponse<String> list = this.admin.browse("/admin/initial-access-tokens");
		assertThat(ConsoleSession.requiredText(list, "uses-" + id)).isEqualTo("1 / 1");
		assertThat(ConsoleSession.requiredText(list, "state-" + id)).isEqualTo("used up");
	}

	@Test
	void createWhenLimitedThenItRegistersThatManyClients() {
		String token = ConsoleSession.requiredText(create(Map.of("description", "Two clients", "usage", "limited",
				"maxUses", "2", "expiresIn", "1", "expiresInUnit", "days")), "initial-access-token");

		assertThat(register(token).statusCode()).isEqualTo(201);
		assertThat(register(token).statusCode()).isEqualTo(201);
		assertThat(register(token).statusCode()).isEqualTo(401);
	}

	@Test
	void revokeWhenDoneThenTheTokenIsRefused() {
		HttpResponse<String> page = create(
				Map.of("description", "Revoked soon", "usage", "unlimited", "expiresIn", "1", "expiresInUnit", "days"));
		String token = ConsoleSession.requiredText(page, "initial-access-token");
		String id = this.tokens.findByToken(token).orElseThrow().id();
		assertThat(page.body()).contains("id=\"revoke-" + id + "\"");

		HttpResponse<String> list = this.admin.submitAndFollow(page,
				"/admin/initial-access-tokens/" + id + "/revocation", Map.of());

		assertThat(ConsoleSession.requiredText(list, "notice")).startsWith("Token revoked");
		assertThat(ConsoleSession.requiredText(list, "state-" + id)).isEqualTo("revoked");
		assertThat(list.body()).doesNotContain("id=\"revoke-" + id + "\"");
		HttpResponse<String> refused = register(token);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_token");
	}

	@Test
	void createWhenScopesAreAllowedThenClientsMayAskOnlyForThose() {
		String token = ConsoleSession.requiredText(create(Map.of("description", "Read only", "usage", "unlimited",
				"expiresIn", "1", "expiresInUnit", "hours", "allowedScopes", " openid  message.read ")),
				"initial-access-token");

		HttpResponse<String> beyond = HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", """
					{"redirect_uris":["https://app.example.com/cb"],"scope":"openid message.write"}""", "Authorization",
					"Bearer " + token);

		assertThat(beyond.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(beyond)).containsEntry("error", "invalid_client_metadata");
		assertThat(register(token).statusCode()).isEqualTo(201);
		assertThat(this.tokens.findByToken(token).orElseThrow().allowedScopes()).containsExactly("openid",
				"message.read");
	}

	@Test
	void createWhenGrantTypesAreAllowedThenClientsMayAskOnlyForThose() {
		HttpResponse<String> page = create(Map.of("description", "Apps for users", "usage", "unlimited", "expiresIn",
				"1", "expiresInUnit", "hours", "allowedGrantTypes", "authorization_code refresh_token"));
		String token = ConsoleSession.requiredText(page, "initial-access-token");

		HttpResponse<String> machine = HttpExchange.to(this.issuer).sendJson("POST", "/oauth2/register", """
				{"grant_types":["client_credentials"],"scope":"message.read"}""", "Authorization", "Bearer " + token);

		assertThat(machine.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(machine)).containsEntry("error", "invalid_client_metadata");
		assertThat(register(token).statusCode()).isEqualTo(201);
		InitialAccessToken stored = this.tokens.findByToken(token).orElseThrow();
		assertThat(stored.allowedGrantTypes()).containsExactly("authorization_code", "refresh_token");
		assertThat(ConsoleSession.requiredText(page, "grant-types-" + stored.id()))
			.isEqualTo("authorization_code refresh_token");
	}

	@Test
	void createWhenAGrantTypeIsUnknownThenTheErrorIsShownNextToTheFieldAndNoTokenIsCreated() {
		HttpResponse<String> form = this.admin.browse("/admin/initial-access-tokens");
		int before = this.tokens.findAll().size();

		HttpResponse<String> page = this.admin.submit(form, "/admin/initial-access-tokens",
				Map.of("description", "Implicit", "usage", "single", "expiresIn", "1", "expiresInUnit", "hours",
						"allowedGrantTypes", "authorization_code implicit"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "allowedGrantTypes-error"))
			.startsWith("implicit is not a grant type clients may have");
		assertThat(page.body()).contains("value=\"authorization_code implicit\"");
		assertThat(this.tokens.findAll()).hasSize(before);
	}

	@Test
	void createWhenFieldsAreInvalidThenEachErrorIsShownNextToItsFieldAndTheTypedValuesAreKept() {
		HttpResponse<String> form = this.admin.browse("/admin/initial-access-tokens");
		int before = this.tokens.findAll().size();

		HttpResponse<String> page = this.admin.submit(form, "/admin/initial-access-tokens",
				Map.of("description", " ", "usage", "limited", "maxUses", "", "expiresIn", "400", "expiresInUnit",
						"days", "allowedScopes", "openid bad\"scope"));
		HttpResponse<String> notANumber = this.admin.submit(form, "/admin/initial-access-tokens", Map.of("description",
				"Typo", "usage", "limited", "maxUses", "two", "expiresIn", "1", "expiresInUnit", "hours"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "description-error")).startsWith("Say what the token is for");
		assertThat(ConsoleSession.requiredText(page, "maxUses-error"))
			.isEqualTo("Enter how many clients the token may register");
		assertThat(ConsoleSession.requiredText(page, "expiresIn-error")).isEqualTo("A token lives at most 365 days");
		assertThat(ConsoleSession.requiredText(page, "allowedScopes-error"))
			.startsWith("bad\"scope is not a valid scope");
		assertThat(page.body()).contains("value=\"400\"")
			.contains("value=\"openid bad&quot;scope\"")
			.containsPattern("value=\"limited\"[^>]* checked")
			.containsPattern("value=\"days\"[^>]* selected")
			.doesNotContain("id=\"initial-access-token\"");
		assertThat(ConsoleSession.requiredText(notANumber, "maxUses-error")).isEqualTo("Enter a whole number");
		assertThat(this.tokens.findAll()).hasSize(before);
	}

	@Test
	void adminActionsWhenPerformedThenLoggedWithTheTokenIdButNeverItsValue(CapturedOutput output) {
		HttpResponse<String> page = create(
				Map.of("description", "Logged", "usage", "single", "expiresIn", "1", "expiresInUnit", "hours"));
		String token = ConsoleSession.requiredText(page, "initial-access-token");
		String id = this.tokens.findByToken(token).orElseThrow().id();
		this.admin.submitAndFollow(page, "/admin/initial-access-tokens/" + id + "/revocation", Map.of());

		assertThat(output.getOut()).contains("Initial access token " + id + " created by admin " + TestClients.ADMIN)
			.contains("Initial access token " + id + " revoked by admin " + TestClients.ADMIN)
			.doesNotContain(token);
	}

	private HttpResponse<String> create(Map<String, ?> fields) {
		HttpResponse<String> form = this.admin.browse("/admin/initial-access-tokens");
		assertThat(form.body()).contains("id=\"create-initial-access-token\"");
		HttpResponse<String> page = this.admin.submit(form, "/admin/initial-access-tokens", fields);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "notice")).isEqualTo("Initial access token created.");
		return page;
	}

	private HttpResponse<String> register(String initialAccessToken) {
		return HttpExchange.to(this.issuer)
			.sendJson("POST", "/oauth2/register", REGISTRATION, "Authorization", "Bearer " + initialAccessToken);
	}

}
