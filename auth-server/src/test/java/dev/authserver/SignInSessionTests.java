package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.authserver.protocol.GrantingSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Each sign-in is a session in the database, named in ID tokens by its {@code sid}, and
 * lists the clients that received tokens in it.
 */
@AuthServerTest
class SignInSessionTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcClient jdbc;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void idTokenWhenUserSignedInThenSidNamesTheStoredSessionAndTheSessionListsTheClient() throws Exception {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Map<String, Object> tokens = signIn(browser, this.issuer, this.username);

		String sid = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringClaim("sid");
		List<String> sessionIds = this.jdbc.sql("SELECT session_id FROM spring_session WHERE principal_name = ?")
			.param(this.username)
			.query(String.class)
			.list();
		assertThat(sessionIds).hasSize(1);
		assertThat(sid).isEqualTo(GrantingSession.sidOf(sessionIds.get(0)));
		String authorizationId = this.jdbc.sql("SELECT id FROM oauth2_authorization WHERE principal_name = ?")
			.param(this.username)
			.query(String.class)
			.single();
		assertThat(this.jdbc.sql("SELECT client_id, authorization_id FROM session_client WHERE sid = ?")
			.param(sid)
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
			.list()).containsExactly(TestClients.WEB_CLIENT_ID + " " + authorizationId);
	}

	/**
	 * The user signs in to the web client with {@code openid}, in {@code browser},
	 * consents if asked, and the client exchanges the code.
	 */
	static Map<String, Object> signIn(HttpExchange browser, String issuer, String username) {
		return signIn(browser, issuer, username, TestUsers.PASSWORD, TestClients.WEB_CLIENT_ID,
				TestClients.WEB_CLIENT_SECRET, TestClients.WEB_REDIRECT_URI, "openid message.read");
	}

	/** The same with another client, in the same browser session if it is signed in. */
	static Map<String, Object> signIn(HttpExchange browser, String issuer, String username, String password,
			String clientId, String clientSecret, String redirectUri, String scope) {
		Pkce pkce = Pkce.generate();
		BrowserSignIn signIn = BrowserSignIn.of(browser, clientId, redirectUri, scope);
		HttpResponse<String> authorized = browser.browse(signIn.authorizationRequest("state", pkce));
		if (HttpExchange.location(authorized).getPath().equals("/login")) {
			authorized = browser.follow(signIn.signIn("state", pkce, username, password));
		}
		// A second sign-in of the same user finds the consent given.
		URI callback = HttpExchange.location(authorized).getPath().equals("/oauth2/consent")
				? HttpExchange.location(signIn.submitConsent(browser.follow(authorized), true))
				: HttpExchange.location(authorized);
		return redeem(issuer, callback, pkce, clientId, clientSecret, redirectUri);
	}

	/** The client exchanges the code the callback carries. */
	static Map<String, Object> redeem(String issuer, URI callback, Pkce pkce) {
		return redeem(issuer, callback, pkce, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
	}

	private static Map<String, Object> redeem(String issuer, URI callback, Pkce pkce, String clientId,
			String clientSecret, String redirectUri) {
		Map<String, Object> form = CodeGrant.redemption(callback, pkce, redirectUri);
		HttpResponse<String> response = HttpExchange.to(issuer)
			.postFormAsClient("/oauth2/token", form, clientId, clientSecret);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

}
