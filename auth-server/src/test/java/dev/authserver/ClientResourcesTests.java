package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.tokens.ClientResources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * A client limited to some of the server's resource servers (RFC 8707) gets tokens for
 * those only, at the authorization endpoint and at the token endpoint with every grant,
 * and for the first of them when it names none.
 */
@AuthServerTest
class ClientResourcesTests {

	private static final String SECRET = "resources-test-secret";

	private static final String REDIRECT_URI = "https://reports-app.example/callback";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	JdbcRegisteredClientRepository registeredClients;

	@Autowired
	ClientSecretEncoder clientSecretEncoder;

	@Autowired
	TestUsers users;

	/**
	 * A client that may use only the second resource server of the test server, not its
	 * default audience.
	 */
	RegisteredClient reportsClient;

	@BeforeEach
	void registerClient() {
		this.reportsClient = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("reports-app-" + UUID.randomUUID())
			.clientSecret(this.clientSecretEncoder.encode(SECRET))
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.redirectUri(REDIRECT_URI)
			.scopes((scopes) -> scopes.addAll(List.of("openid", "message.read")))
			.clientSettings(ClientResources.with(
					ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build(),
					List.of(TestClients.OTHER_RESOURCE)))
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build())
			.build();
		this.registeredClients.save(this.reportsClient);
	}

	@Test
	void clientCredentialsWhenTheClientNamesNoResourceThenTheTokenIsForItsFirstResource() throws Exception {
		HttpResponse<String> response = clientCredentials();

		assertThat(audience(response)).containsExactly(TestClients.OTHER_RESOURCE);
	}

	@Test
	void clientCredentialsWhenTheResourceIsTheClientsThenTheTokenIsForIt() throws Exception {
		HttpResponse<String> response = clientCredentials("resource", TestClients.OTHER_RESOURCE);

		assertThat(audience(response)).containsExactly(TestClients.OTHER_RESOURCE);
	}

	@Test
	void clientCredentialsWhenTheResourceIsKnownButNotTheClientsThenInvalidTarget() {
		HttpResponse<String> response = clientCredentials("resource", TestClients.DEFAULT_RESOURCE);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_target");
	}

	@Test
	void authorizationRequestWhenTheResourceIsNotTheClientsThenInvalidTargetAtTheClient() {
		String username = this.users.create();
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn.of(browser, this.reportsClient.getClientId(), REDIRECT_URI, "openid");
		browser.follow(signIn.signIn("first", Pkce.generate(), username, TestUsers.PASSWORD));

		HttpResponse<String> response = browser.browse(
				signIn.with("resource", TestClients.DEFAULT_RESOURCE).authorizationRequest("other", Pkce.generate()));

		URI location = HttpExchange.location(response);
		assertThat(location.toString()).startsWith(REDIRECT_URI + "?");
		assertThat(HttpExchange.queryParameters(location)).containsEntry("error", "invalid_target")
			.containsEntry("state", "other")
			.doesNotContainKey("code");
	}

	@Test
	void codeAndRefreshWhenNoResourceIsNamedThenTokensAreForTheClientsFirstAndAnotherIsRefused() throws Exception {
		String username = this.users.create();
		CodeGrant grant = CodeGrant.of(this.issuer, this.reportsClient.getClientId(), SECRET, REDIRECT_URI);
		Map<String, Object> tokens = grant.tokens("openid message.read", username, TestUsers.PASSWORD);

		HttpResponse<String> otherResource = grant.refresh(tokens.get("refresh_token"), "resource",
				TestClients.DEFAULT_RESOURCE);
		HttpResponse<String> refreshed = grant.refresh(tokens.get("refresh_token"));

		assertThat(audience(tokens.get("access_token"))).containsExactly(TestClients.OTHER_RESOURCE, this.issuer);
		assertThat(otherResource.statusCode()).isEqualTo(400);
		assertThat(HttpExchange.json(otherResource)).containsEntry("error", "invalid_target");
		assertThat(audience(refreshed)).containsExactly(TestClients.OTHER_RESOURCE, this.issuer);
	}

	private HttpResponse<String> clientCredentials(String... parameters) {
		Map<String, Object> form = new LinkedHashMap<>(Map.of("grant_type", "client_credentials"));
		for (int i = 0; i < parameters.length; i += 2) {
			form.put(parameters[i], parameters[i + 1]);
		}
		return HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", form, this.reportsClient.getClientId(), SECRET);
	}

	private List<String> audience(HttpResponse<String> tokenResponse) throws Exception {
		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		return audience(HttpExchange.json(tokenResponse).get("access_token"));
	}

	private List<String> audience(Object accessToken) throws Exception {
		JWTClaimsSet claims = SignedJwts
			.claims(SignedJwts.verify((String) accessToken, HttpExchange.to(this.issuer).get("/oauth2/jwks").body()));
		return claims.getAudience();
	}

}
