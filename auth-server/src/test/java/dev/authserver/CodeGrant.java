package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A confidential client's authorization code grant, from the user's sign-in to its
 * refresh token, and the refresh and introspection requests the client then makes with
 * it.
 */
public final class CodeGrant {

	private final String issuer;

	private final String clientId;

	private final String clientSecret;

	private final String redirectUri;

	private CodeGrant(String issuer, String clientId, String clientSecret, String redirectUri) {
		this.issuer = issuer;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.redirectUri = redirectUri;
	}

	public static CodeGrant of(String issuer, String clientId, String clientSecret, String redirectUri) {
		return new CodeGrant(issuer, clientId, clientSecret, redirectUri);
	}

	/**
	 * Signs the user in, consents, and exchanges the code; asserts the token response is
	 * a success.
	 */
	public Map<String, Object> tokens(String scope, String username, String password) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn.of(browser, this.clientId, this.redirectUri, scope)
			.signInAndConsent("state", pkce, username, password);
		Map<String, Object> form = redemption(callback, pkce, this.redirectUri);
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", form, this.clientId, this.clientSecret);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	/**
	 * The token request that redeems the code a callback carries (RFC 6749 §4.1.3, with
	 * the PKCE verifier): a map the caller may add to, such as a public client's
	 * {@code client_id}.
	 */
	public static Map<String, Object> redemption(URI callback, Pkce pkce, String redirectUri) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", HttpExchange.queryParameters(callback).get("code"));
		form.put("redirect_uri", redirectUri);
		form.put("code_verifier", pkce.verifier());
		return form;
	}

	/**
	 * A refresh grant with this refresh token and any further parameters, such as
	 * {@code resource}.
	 */
	public HttpResponse<String> refresh(Object refreshToken, String... parameters) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		for (int i = 0; i < parameters.length; i += 2) {
			form.put(parameters[i], parameters[i + 1]);
		}
		return HttpExchange.to(this.issuer).postFormAsClient("/oauth2/token", form, this.clientId, this.clientSecret);
	}

	/** A refresh grant that must succeed: the new tokens. */
	public Map<String, Object> refreshed(Object refreshToken) {
		HttpResponse<String> response = refresh(refreshToken);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return HttpExchange.json(response);
	}

	public Map<String, Object> introspect(Object token) {
		HttpResponse<String> response = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/introspect", Map.of("token", token), this.clientId, this.clientSecret);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

}
