package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.authserver.clients.ClientMetadataMapping;
import dev.authserver.protocol.ClientSignInSettings;
import dev.authserver.tokens.ClientResources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The admin console's client pages, driven through the real login and forms: what an
 * admin registers, edits, rotates, disables and deletes there is what the token endpoint
 * then does.
 */
@AuthServerTest
@ExtendWith(OutputCaptureExtension.class)
class ClientsAdminTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository clients;

	@Autowired
	JdbcClient jdbc;

	ConsoleSession admin;

	@BeforeEach
	void signInAsAdmin() {
		this.admin = ConsoleSession.signInAsAdmin(this.issuer);
	}

	@Test
	void registerWhenConfidentialClientThenItsSecretIsShownOnceAndGetsTokens() {
		HttpResponse<String> page = register(machineClientForm("Reporting " + UUID.randomUUID()));

		assertThat(page.body()).contains("it is not shown again");
		String clientId = ConsoleSession.requiredText(page, "client-id");
		String secret = ConsoleSession.requiredText(page, "client-secret");
		assertThat(clientId).startsWith("client_");
		assertThat(clientToken(clientId, secret).statusCode()).isEqualTo(200);
		HttpResponse<String> again = this.admin.browse("/admin/clients/" + clientId);
		assertThat(ConsoleSession.requiredText(again, "client-id")).isEqualTo(clientId);
		assertThat(again.body()).doesNotContain("id=\"client-secret\"").doesNotContain(secret);
		assertThat(this.clients.findByClientId(clientId).getClientSecret()).as("stored hashed")
			.startsWith("{")
			.doesNotContain(secret);
	}

	@Test
	void registerAndRotateWhenASecretIsShownThenItNeverReachesTheSessionTable() {
		HttpResponse<String> registered = register(machineClientForm("Unsaved " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		StoredSessionAttributes.assertNoneContains(this.jdbc, ConsoleSession.requiredText(registered, "client-secret"));

		HttpResponse<String> rotated = this.admin.submit(registered, "/admin/clients/" + clientId + "/secret-rotation",
				Map.of());

		assertThat(rotated.statusCode()).isEqualTo(200);
		StoredSessionAttributes.assertNoneContains(this.jdbc, ConsoleSession.requiredText(rotated, "client-secret"));
	}

	@Test
	void registerWhenRedirectUriIsNotHttpsThenTheErrorIsShownNextToTheFieldAndTheTypedValuesAreKept() {
		String name = "Insecure " + UUID.randomUUID();
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");

		HttpResponse<String> page = this.admin.submit(form, "/admin/clients",
				Map.of("clientName", name, "redirectUris", "http://example.com/cb", "grantTypes",
						List.of("authorization_code", "refresh_token"), "tokenEndpointAuthMethod", "client_secret_post",
						"scope", "openid profile"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "redirectUris-error")).isEqualTo(
				"redirect URI http://example.com/cb must use https (http only on a loopback address for native apps)");
		assertThat(page.body()).contains(">http://example.com/cb</textarea>")
			.contains("value=\"" + name + "\"")
			.contains("value=\"openid profile\"")
			.containsPattern("value=\"client_secret_post\"[^>]* selected")
			.containsPattern("value=\"refresh_token\"[^>]* checked")
			.doesNotContainPattern("value=\"client_credentials\"[^>]* checked")
			.doesNotContain("id=\"client-secret\"");
		assertThat(this.admin.browse("/admin/clients?q=" + name.substring(9)).body()).contains("id=\"no-clients\"");
	}

	@Test
	void registerWhenPublicClientWantsClientCredentialsThenTheErrorIsShownNextToTheGrantTypes() {
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");

		HttpResponse<String> page = this.admin.submit(form, "/admin/clients", Map.of("clientName", "Public machine",
				"grantTypes", "client_credentials", "tokenEndpointAuthMethod", "none", "scope", "message.read"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "grantTypes-error")).contains("cannot use client_credentials");
	}

	@Test
	void registerWhenTheDeviceGrantIsTickedThenAPublicDeviceClientWithoutRedirectUri() {
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");
		assertThat(form.body()).contains("value=\"urn:ietf:params:oauth:grant-type:device_code\"");

		HttpResponse<String> page = this.admin.submitAndFollow(form, "/admin/clients",
				Map.of("clientName", "Kitchen display", "grantTypes", "urn:ietf:params:oauth:grant-type:device_code",
						"tokenEndpointAuthMethod", "none", "scope", "message.read"));

		RegisteredClient client = this.clients.findByClientId(ConsoleSession.requiredText(page, "client-id"));
		assertThat(client.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.DEVICE_CODE);
		assertThat(client.getRedirectUris()).isEmpty();
		assertThat(client.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
	}

	@Test
	void registerWhenPublicClientThenNoSecretIsShownAndThereIsNoSecretToRotate() {
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");
		HttpResponse<String> page = this.admin.submitAndFollow(form, "/admin/clients",
				Map.of("clientName", "Native app", "redirectUris",
						"http://127.0.0.1/callback\n\nhttps://app.example.com/cb  ", "grantTypes",
						List.of("authorization_code", "refresh_token"), "tokenEndpointAuthMethod", "none", "scope",
						"openid message.read"));

		String clientId = ConsoleSession.requiredText(page, "client-id");
		assertThat(page.body()).doesNotContain("id=\"client-secret\"").doesNotContain("id=\"rotate-secret\"");
		assertThat(ConsoleSession.requiredText(page, "client-type")).isEqualTo("public (no secret)");
		RegisteredClient client = this.clients.findByClientId(clientId);
		assertThat(client.getClientSecret()).isNull();
		assertThat(client.getRedirectUris()).containsExactlyInAnyOrder("http://127.0.0.1/callback",
				"https://app.example.com/cb");
	}

	@Test
	void registerWhenTlsClientAuthThenTheCertificateValueAndBindingAreKeptAndNoSecretIsShownEvenAfterAnEdit() {
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");
		assertThat(form.body()).contains("id=\"tlsClientAuthField\"")
			.contains("id=\"tlsClientAuthValue\"")
			.contains("id=\"tlsClientCertificateBoundAccessTokens1\"");
		HttpResponse<String> refused = this.admin.submit(form, "/admin/clients",
				Map.of("clientName", "Billing", "grantTypes", "client_credentials", "tokenEndpointAuthMethod",
						"tls_client_auth", "tlsClientAuthField", "tls_client_auth_san_ip", "tlsClientAuthValue",
						"billing.example.com", "scope", "message.read"));
		assertThat(ConsoleSession.requiredText(refused, "tlsClientAuthValue-error"))
			.startsWith("tls_client_auth_san_ip is not an IP address");
		assertThat(HtmlDocuments.fieldValue(refused, "tlsClientAuthValue")).as("as typed")
			.hasValue("billing.example.com");

		HttpResponse<String> page = this.admin.submitAndFollow(form, "/admin/clients",
				Map.of("clientName", "Billing", "grantTypes", "client_credentials", "tokenEndpointAuthMethod",
						"tls_client_auth", "tlsClientAuthField", "tls_client_auth_subject_dn", "tlsClientAuthValue",
						"CN=billing, O=Example", "tlsClientCertificateBoundAccessTokens", "true", "scope",
						"message.read"));

		String clientId = ConsoleSession.requiredText(page, "client-id");
		assertThat(page.body()).doesNotContain("id=\"client-secret\"").doesNotContain("id=\"rotate-secret\"");
		assertThat(ConsoleSession.requiredText(page, "client-certificate"))
			.isEqualTo("tls_client_auth_subject_dn: CN=billing, O=Example");
		assertThat(ConsoleSession.requiredText(page, "certificate-bound-access-tokens")).isEqualTo("yes");
		RegisteredClient client = this.clients.findByClientId(clientId);
		assertThat(client.getClientSecret()).isNull();
		assertThat(client.getClientSettings().getX509CertificateSubjectDN()).isEqualTo("CN=billing, O=Example");
		assertThat(client.getTokenSettings().isX509CertificateBoundAccessTokens()).isTrue();

		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");
		assertThat(ConsoleSession.requiredText(editPage, "tlsClientAuthValue")).isEqualTo("CN=billing, O=Example");
		HttpResponse<String> saved = this.admin.submitAndFollow(editPage, "/admin/clients/" + clientId + "/metadata",
				Map.of("clientName", "Billing, renamed", "grantTypes", "client_credentials", "scope", "message.read"));

		assertThat(ConsoleSession.requiredText(saved, "notice")).contains("saved");
		assertThat(saved.body()).doesNotContain("id=\"client-secret\"");
		client = this.clients.findByClientId(clientId);
		assertThat(client.getClientSecret()).isNull();
		assertThat(client.getClientSettings().getX509CertificateSubjectDN()).isEqualTo("CN=billing, O=Example");
		assertThat(client.getTokenSettings().isX509CertificateBoundAccessTokens()).as("unchecked in the edit")
			.isFalse();
	}

	@Test
	void rotateSecretWhenDoneThenTheOldSecretIsRefusedAndTheNewOneWorks() {
		HttpResponse<String> registered = register(machineClientForm("Rotating " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String oldSecret = ConsoleSession.requiredText(registered, "client-secret");
		HttpResponse<String> clientPage = this.admin.browse("/admin/clients/" + clientId);
		assertThat(clientPage.body()).contains("id=\"rotate-secret\"");

		HttpResponse<String> page = this.admin.submit(clientPage, "/admin/clients/" + clientId + "/secret-rotation",
				Map.of());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "notice")).isEqualTo("Secret rotated: the old secret no longer "
				+ "works here, and on other instances of the server within 30s (authserver.clients.cache.time-to-live).");
		String newSecret = ConsoleSession.requiredText(page, "client-secret");
		assertThat(newSecret).isNotEqualTo(oldSecret);
		assertThat(page.body()).contains("it is not shown again");
		HttpResponse<String> refused = clientToken(clientId, oldSecret);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_client");
		assertThat(clientToken(clientId, newSecret).statusCode()).isEqualTo(200);
	}

	@Test
	void disableWhenDoneThenTokenRequestsAreRefusedAndItsTokensRevokedUntilItIsEnabledAgain() {
		HttpResponse<String> registered = register(machineClientForm("Toggled " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String secret = ConsoleSession.requiredText(registered, "client-secret");
		String earlierToken = accessToken(clientToken(clientId, secret));

		HttpResponse<String> disabled = this.admin.submitAndFollow(registered,
				"/admin/clients/" + clientId + "/disable", Map.of());

		assertThat(ConsoleSession.requiredText(disabled, "client-state")).isEqualTo("disabled");
		assertThat(ConsoleSession.requiredText(disabled, "notice")).startsWith("Client disabled")
			.endsWith("nor on other instances of the server within 30s (authserver.clients.cache.time-to-live).");
		HttpResponse<String> refused = clientToken(clientId, secret);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(HttpExchange.json(refused)).containsEntry("error", "invalid_client");
		assertThat(introspect(earlierToken)).containsEntry("active", false);
		assertThat(this.admin.browse("/admin/clients?q=" + clientId).body()).contains(">disabled<");

		HttpResponse<String> enabled = this.admin.submitAndFollow(disabled, "/admin/clients/" + clientId + "/enable",
				Map.of());

		assertThat(ConsoleSession.requiredText(enabled, "client-state")).isEqualTo("enabled");
		assertThat(clientToken(clientId, secret).statusCode()).isEqualTo(200);
	}

	@Test
	void deleteWhenConfirmedThenTheClientIsGoneFromTheListAndItsTokensAreRevoked() {
		String name = "Doomed " + UUID.randomUUID();
		HttpResponse<String> registered = register(machineClientForm(name));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String token = accessToken(clientToken(clientId, ConsoleSession.requiredText(registered, "client-secret")));
		assertThat(this.admin.browse("/admin/clients").body()).contains("data-client-id=\"" + clientId + "\"");

		HttpResponse<String> confirmation = this.admin.browse("/admin/clients/" + clientId + "/delete");
		assertThat(confirmation.statusCode()).isEqualTo(200);
		assertThat(confirmation.body()).contains("id=\"confirm-delete\"").contains("cannot be undone");
		assertThat(this.clients.findByClientId(clientId)).as("not deleted before confirmation").isNotNull();
		HttpResponse<String> list = this.admin.submitAndFollow(confirmation, "/admin/clients/" + clientId + "/delete",
				Map.of());

		assertThat(list.uri().getPath()).isEqualTo("/admin/clients");
		assertThat(ConsoleSession.requiredText(list, "notice")).contains(clientId).contains("deleted");
		assertThat(list.body()).doesNotContain("data-client-id=\"" + clientId + "\"");
		assertThat(this.clients.findByClientId(clientId)).isNull();
		assertThat(introspect(token)).containsEntry("active", false);
		assertThat(this.admin.browse("/admin/clients/" + clientId).statusCode()).isEqualTo(404);
	}

	@Test
	void editWhenRedirectUrisScopesAndGrantTypesChangeThenTheClientIsUpdatedAndKeepsItsSecret() {
		HttpResponse<String> registered = register(
				Map.of("clientName", "Portal", "redirectUris", "https://portal.example.com/cb", "grantTypes",
						"authorization_code", "tokenEndpointAuthMethod", "client_secret_basic", "scope", "openid"));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String secret = ConsoleSession.requiredText(registered, "client-secret");
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");
		assertThat(editPage.body()).contains(">https://portal.example.com/cb</textarea>");

		HttpResponse<String> page = this.admin.submitAndFollow(editPage, "/admin/clients/" + clientId + "/metadata",
				Map.of("clientName", "Portal v2", "redirectUris",
						"https://portal.example.com/cb\nhttps://portal.example.com/cb2", "postLogoutRedirectUris",
						"https://portal.example.com/", "grantTypes",
						List.of("authorization_code", "refresh_token", "client_credentials"), "scope",
						"openid profile message.read"));

		assertThat(ConsoleSession.requiredText(page, "notice")).contains("saved");
		assertThat(page.body()).doesNotContain("id=\"client-secret\"");
		RegisteredClient client = this.clients.findByClientId(clientId);
		assertThat(client.getClientName()).isEqualTo("Portal v2");
		assertThat(client.getRedirectUris()).containsExactlyInAnyOrder("https://portal.example.com/cb",
				"https://portal.example.com/cb2");
		assertThat(client.getPostLogoutRedirectUris()).containsExactly("https://portal.example.com/");
		assertThat(client.getScopes()).containsExactlyInAnyOrder("openid", "profile", "message.read");
		assertThat(client.getAuthorizationGrantTypes()).extracting("value")
			.containsExactlyInAnyOrder("authorization_code", "refresh_token", "client_credentials");
		assertThat(clientToken(clientId, secret).statusCode()).as("the secret is kept").isEqualTo(200);
	}

	@Test
	void registerAndEditWhenSignInRulesAreGivenThenTheClientKeepsThemAndANonNumberIsShownNextToTheField() {
		HttpResponse<String> registered = register(Map.of("clientName", "Bank", "redirectUris",
				"https://bank.example.com/cb", "grantTypes", "authorization_code", "tokenEndpointAuthMethod",
				"client_secret_basic", "scope", "openid", "defaultMaxAge", "600", "requireAuthTime", "true"));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		RegisteredClient client = this.clients.findByClientId(clientId);
		assertThat(ClientSignInSettings.defaultMaxAge(client)).hasValue(Duration.ofMinutes(10));
		assertThat(ClientSignInSettings.requiresAuthTime(client)).isTrue();
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");
		assertThat(HtmlDocuments.fieldValue(editPage, "defaultMaxAge")).hasValue("600");

		Map<String, Object> edit = new LinkedHashMap<>(Map.of("clientName", "Bank", "redirectUris",
				"https://bank.example.com/cb", "grantTypes", "authorization_code", "scope", "openid"));
		edit.put("defaultMaxAge", "ten minutes");
		HttpResponse<String> refused = this.admin.submit(editPage, "/admin/clients/" + clientId + "/metadata", edit);
		assertThat(ConsoleSession.requiredText(refused, "defaultMaxAge-error")).contains("number of seconds");
		assertThat(HtmlDocuments.fieldValue(refused, "defaultMaxAge")).as("as typed").hasValue("ten minutes");
		edit.put("defaultMaxAge", "");
		HttpResponse<String> saved = this.admin.submitAndFollow(editPage, "/admin/clients/" + clientId + "/metadata",
				edit);

		assertThat(ConsoleSession.requiredText(saved, "notice")).contains("saved");
		client = this.clients.findByClientId(clientId);
		assertThat(ClientSignInSettings.defaultMaxAge(client)).isEmpty();
		assertThat(ClientSignInSettings.requiresAuthTime(client)).isFalse();
	}

	@Test
	void registerWhenPushedRequestsAreRequiredThenKeptAndTheFapiProfileOfASecretClientIsShownAsAnError() {
		HttpResponse<String> registered = register(Map.of("clientName", "Pushing", "redirectUris",
				"https://pushing.example.com/cb", "grantTypes", "authorization_code", "tokenEndpointAuthMethod",
				"client_secret_basic", "scope", "openid", "requirePushedAuthorizationRequests", "true"));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		assertThat(this.clients.findByClientId(clientId)
			.getClientSettings()
			.<Boolean>getSetting(ClientMetadataMapping.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS)).isTrue();
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");
		boolean checked = HtmlDocuments.read(editPage,
				(page) -> page.getElementById("requirePushedAuthorizationRequests1").hasAttribute("checked"));
		assertThat(checked).as("checked on the edit page").isTrue();

		HttpResponse<String> refused = this.admin.submit(editPage, "/admin/clients/" + clientId + "/metadata",
				Map.of("clientName", "Pushing", "redirectUris", "https://pushing.example.com/cb", "grantTypes",
						"authorization_code", "scope", "openid", "fapi2SecurityProfile", "true"));

		assertThat(ConsoleSession.requiredText(refused, "fapi2SecurityProfile-error")).contains("private_key_jwt");
	}

	@Test
	void editWhenTheClientHasSeveralAuthenticationMethodsThenItKeepsThemAll() {
		HttpResponse<String> registered = register(machineClientForm("Two methods " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String secret = ConsoleSession.requiredText(registered, "client-secret");
		// As a client declared with both in
		// spring.security.oauth2.authorizationserver.client.* is.
		this.clients.save(RegisteredClient.from(this.clients.findByClientId(clientId))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.build());
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");

		HttpResponse<String> page = this.admin.submitAndFollow(editPage, "/admin/clients/" + clientId + "/metadata", Map
			.of("clientName", "Two methods, renamed", "grantTypes", "client_credentials", "scope", "message.read"));

		assertThat(ConsoleSession.requiredText(page, "notice")).contains("saved");
		assertThat(this.clients.findByClientId(clientId).getClientAuthenticationMethods()).containsExactlyInAnyOrder(
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
		assertThat(clientToken(clientId, secret).statusCode()).as("client_secret_basic").isEqualTo(200);
		assertThat(HttpExchange.to(this.issuer)
			.postForm("/oauth2/token",
					Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
			.statusCode()).as("client_secret_post").isEqualTo(200);
	}

	@Test
	void registerWhenAScopeIsUnknownToTheServerThenTheErrorIsShownNextToTheFieldAndNoClientIsCreated() {
		String name = "Admin scope " + UUID.randomUUID();
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");

		HttpResponse<String> page = this.admin.submit(form, "/admin/clients", Map.of("clientName", name, "grantTypes",
				"client_credentials", "tokenEndpointAuthMethod", "client_secret_basic", "scope", "message.read admin"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "scope-error"))
			.startsWith("scope admin is not one of the scopes this server issues");
		assertThat(page.body()).contains("value=\"message.read admin\"").doesNotContain("id=\"client-secret\"");
		assertThat(this.admin.browse("/admin/clients?q=" + name.substring(12)).body()).contains("id=\"no-clients\"");
	}

	@Test
	void editWhenAScopeIsInvalidThenTheErrorIsShownNextToTheFieldAndTheClientIsUnchanged() {
		HttpResponse<String> registered = register(machineClientForm("Unchanged " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");

		HttpResponse<String> page = this.admin.submit(editPage, "/admin/clients/" + clientId + "/metadata", Map
			.of("clientName", "Renamed", "grantTypes", "client_credentials", "scope", "message.read bad\"scope"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "scope-error")).contains("bad\"scope")
			.contains("not a valid scope token");
		assertThat(page.body()).contains("value=\"Renamed\"").contains("value=\"message.read bad&quot;scope\"");
		assertThat(this.clients.findByClientId(clientId).getClientName()).startsWith("Unchanged");
	}

	@Test
	void tokenLifetimesWhenChangedThenNewAccessTokensLiveThatLong() {
		HttpResponse<String> registered = register(machineClientForm("Short-lived " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String secret = ConsoleSession.requiredText(registered, "client-secret");
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");
		assertThat(editPage.body()).contains("value=\"5m\"");

		HttpResponse<String> page = this.admin.submitAndFollow(editPage,
				"/admin/clients/" + clientId + "/token-lifetimes",
				Map.of("accessTokenTimeToLive", "2m", "refreshTokenTimeToLive", "30d"));

		assertThat(ConsoleSession.requiredText(page, "access-token-time-to-live")).isEqualTo("2m");
		assertThat(ConsoleSession.requiredText(page, "refresh-token-time-to-live")).isEqualTo("30d");
		assertThat(HttpExchange.json(clientToken(clientId, secret)).get("expires_in")).isIn(119L, 120L);
		assertThat(this.clients.findByClientId(clientId).getTokenSettings().getRefreshTokenTimeToLive())
			.isEqualTo(Duration.ofDays(30));
	}

	@Test
	void tokenLifetimesWhenOutOfBoundsOrUnreadableThenErrorsAreShownNextToTheFields() {
		HttpResponse<String> registered = register(machineClientForm("Bounded " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");

		HttpResponse<String> tooLong = this.admin.submit(editPage, "/admin/clients/" + clientId + "/token-lifetimes",
				Map.of("accessTokenTimeToLive", "2h", "refreshTokenTimeToLive", "30d"));
		HttpResponse<String> unreadable = this.admin.submit(editPage, "/admin/clients/" + clientId + "/token-lifetimes",
				Map.of("accessTokenTimeToLive", "10m", "refreshTokenTimeToLive", "a month"));

		assertThat(tooLong.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(tooLong, "accessTokenTimeToLive-error"))
			.isEqualTo("the access token lifetime must be between 1m and 1h (authserver.keys.max-token-lifetime)");
		assertThat(tooLong.body()).contains("value=\"2h\"");
		assertThat(ConsoleSession.requiredText(unreadable, "refreshTokenTimeToLive-error")).contains("such as 15m");
		assertThat(unreadable.body()).contains("value=\"a month\"")
			.doesNotContain("id=\"accessTokenTimeToLive-error\"");
		assertThat(this.clients.findByClientId(clientId).getTokenSettings().getAccessTokenTimeToLive())
			.isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void resourcesWhenSetInTheConsoleThenKeptThroughOtherEditsAndTokensAreForThem() throws Exception {
		HttpResponse<String> registered = register(machineClientForm("Reports " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String secret = ConsoleSession.requiredText(registered, "client-secret");
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");
		assertThat(editPage.body()).contains("id=\"resources-form\"").contains(TestClients.OTHER_RESOURCE);

		HttpResponse<String> page = this.admin.submitAndFollow(editPage, "/admin/clients/" + clientId + "/resources",
				Map.of("resources", " " + TestClients.OTHER_RESOURCE + "\n\n" + TestClients.DEFAULT_RESOURCE + "\n"));
		this.admin.submitAndFollow(this.admin.browse("/admin/clients/" + clientId + "/edit"),
				"/admin/clients/" + clientId + "/metadata",
				Map.of("clientName", "Renamed reports", "grantTypes", "client_credentials", "scope", "message.read"));

		assertThat(ConsoleSession.requiredText(page, "notice")).startsWith("Resource servers saved");
		assertThat(page.body()).contains("id=\"resources\"")
			.contains("<code>" + TestClients.OTHER_RESOURCE + "</code>")
			.contains("<code>" + TestClients.DEFAULT_RESOURCE + "</code>");
		assertThat(ClientResources.of(this.clients.findByClientId(clientId))).as("stored, and kept by a metadata edit")
			.containsExactly(TestClients.OTHER_RESOURCE, TestClients.DEFAULT_RESOURCE);
		assertThat(audience(clientToken(clientId, secret))).as("the first is the default audience")
			.containsExactly(TestClients.OTHER_RESOURCE);
		assertThat(audience(clientToken(clientId, secret, TestClients.DEFAULT_RESOURCE)))
			.containsExactly(TestClients.DEFAULT_RESOURCE);
	}

	@Test
	void resourcesWhenEmptiedInTheConsoleThenTheClientMayUseEveryResourceServerAgain() throws Exception {
		HttpResponse<String> registered = register(machineClientForm("Narrowed " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		String secret = ConsoleSession.requiredText(registered, "client-secret");
		this.admin.submitAndFollow(this.admin.browse("/admin/clients/" + clientId + "/edit"),
				"/admin/clients/" + clientId + "/resources", Map.of("resources", TestClients.OTHER_RESOURCE));
		HttpResponse<String> narrowed = clientToken(clientId, secret, TestClients.DEFAULT_RESOURCE);

		this.admin.submitAndFollow(this.admin.browse("/admin/clients/" + clientId + "/edit"),
				"/admin/clients/" + clientId + "/resources", Map.of("resources", ""));

		assertThat(narrowed.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(narrowed)).containsEntry("error", "invalid_target");
		assertThat(ClientResources.of(this.clients.findByClientId(clientId))).isEmpty();
		assertThat(audience(clientToken(clientId, secret))).containsExactly(TestClients.DEFAULT_RESOURCE);
	}

	@Test
	void resourcesWhenOneIsUnknownThenTheErrorIsShownNextToTheFieldAndNothingIsSaved() {
		HttpResponse<String> registered = register(machineClientForm("Unknown resource " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		HttpResponse<String> editPage = this.admin.browse("/admin/clients/" + clientId + "/edit");

		HttpResponse<String> refused = this.admin.submit(editPage, "/admin/clients/" + clientId + "/resources",
				Map.of("resources", "https://unknown.example/api"));

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(refused, "resources-error"))
			.isEqualTo("resource is not a resource server of this authorization server");
		assertThat(refused.body()).contains("https://unknown.example/api");
		assertThat(ClientResources.of(this.clients.findByClientId(clientId))).isEmpty();
	}

	@Test
	void listWhenSearchingThenOnlyMatchingClientsAreShown() {
		String marker = UUID.randomUUID().toString().substring(0, 8);
		String matching = ConsoleSession.requiredText(register(machineClientForm("Search " + marker)), "client-id");
		String other = ConsoleSession.requiredText(register(machineClientForm("Other " + UUID.randomUUID())),
				"client-id");

		HttpResponse<String> page = this.admin.browse("/admin/clients?q=" + marker.toUpperCase());

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("data-client-id=\"" + matching + "\"")
			.doesNotContain("data-client-id=\"" + other + "\"")
			.contains("id=\"search\"");
		assertThat(this.admin.browse("/admin/clients").body())
			.contains("data-client-id=\"" + TestClients.WEB_CLIENT_ID + "\"");
	}

	@Test
	void clientPageWhenClientIsDeclaredInConfigurationThenSaysSo() {
		HttpResponse<String> page = this.admin.browse("/admin/clients/" + TestClients.DECLARED_CLIENT_ID);

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"declared-notice\"");
		assertThat(ConsoleSession.requiredText(page, "client-id")).isEqualTo(TestClients.DECLARED_CLIENT_ID);
	}

	@Test
	void adminActionsWhenPerformedThenLoggedWithTheAdminButNeverWithTheSecret(CapturedOutput output) {
		HttpResponse<String> registered = register(machineClientForm("Logged " + UUID.randomUUID()));
		String clientId = ConsoleSession.requiredText(registered, "client-id");
		HttpResponse<String> rotated = this.admin.submit(registered, "/admin/clients/" + clientId + "/secret-rotation",
				Map.of());

		assertThat(output.getOut()).contains("Client " + clientId + " registered by admin " + TestClients.ADMIN)
			.contains("Secret of client " + clientId + " rotated by admin " + TestClients.ADMIN)
			.doesNotContain(ConsoleSession.requiredText(registered, "client-secret"))
			.doesNotContain(ConsoleSession.requiredText(rotated, "client-secret"));
	}

	/**
	 * Registers a confidential client: the answer to the form is the client's page with
	 * its secret.
	 */
	private HttpResponse<String> register(Map<String, ?> fields) {
		HttpResponse<String> form = this.admin.browse("/admin/clients/new");
		assertThat(form.body()).contains("id=\"register-client\"");
		HttpResponse<String> page = this.admin.submit(form, "/admin/clients", fields);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(ConsoleSession.requiredText(page, "notice")).isEqualTo("Client registered.");
		return page;
	}

	private static Map<String, Object> machineClientForm(String name) {
		return Map.of("clientName", name, "grantTypes", "client_credentials", "tokenEndpointAuthMethod",
				"client_secret_basic", "scope", "message.read");
	}

	private HttpResponse<String> clientToken(String clientId, String secret) {
		return HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, secret);
	}

	private HttpResponse<String> clientToken(String clientId, String secret, String resource) {
		return HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "resource", resource),
					clientId, secret);
	}

	private List<String> audience(HttpResponse<String> tokenResponse) throws Exception {
		return SignedJwts
			.claims(SignedJwts.verify(accessToken(tokenResponse),
					HttpExchange.to(this.issuer).get("/oauth2/jwks").body()))
			.getAudience();
	}

	private static String accessToken(HttpResponse<String> tokenResponse) {
		assertThat(tokenResponse.statusCode()).isEqualTo(200);
		return (String) HttpExchange.json(tokenResponse).get("access_token");
	}

	private Map<String, Object> introspect(String token) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/introspect", Map.of("token", token), TestClients.MACHINE_CLIENT_ID,
					TestClients.MACHINE_CLIENT_SECRET);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

}
