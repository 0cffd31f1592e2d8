package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Walks the authorization code flow the way a browser does: authorization request, login
 * form, consent page, redirect back to the client. Each step asserts what the browser
 * would see.
 */
public final class BrowserSignIn {

	private final HttpExchange browser;

	private final String clientId;

	private final String redirectUri;

	private final String scope;

	private final Map<String, String> extraParameters = new LinkedHashMap<>();

	private BrowserSignIn(HttpExchange browser, String clientId, String redirectUri, String scope) {
		this.browser = browser;
		this.clientId = clientId;
		this.redirectUri = redirectUri;
		this.scope = scope;
	}

	/** Adds a parameter to the authorization requests, such as {@code resource}. */
	public BrowserSignIn with(String name, String value) {
		this.extraParameters.put(name, value);
		return this;
	}

	public static BrowserSignIn of(HttpExchange browser, String clientId, String redirectUri, String scope) {
		return new BrowserSignIn(browser, clientId, redirectUri, scope);
	}

	public String authorizationRequest(String state, Pkce pkce) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/oauth2/authorize")
			.queryParam("response_type", "code")
			.queryParam("client_id", this.clientId)
			.queryParam("redirect_uri", this.redirectUri)
			.queryParam("scope", this.scope)
			.queryParam("state", state)
			.queryParam("nonce", "nonce-" + state);
		if (pkce != null) {
			uri.queryParam("code_challenge", pkce.challenge()).queryParam("code_challenge_method", "S256");
		}
		this.extraParameters.forEach(uri::queryParam);
		// Encoded after building: values are no URI templates, so braces (a claims
		// parameter's JSON) are encoded as any other character.
		return uri.build().encode().toUriString();
	}

	/**
	 * Signs in at the login form the authorization request leads to; returns the response
	 * after the login.
	 */
	public HttpResponse<String> signIn(String state, Pkce pkce, String username, String password) {
		HttpResponse<String> toLogin = this.browser.browse(authorizationRequest(state, pkce));
		assertThat(toLogin.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(toLogin).getPath()).isEqualTo("/login");
		HttpResponse<String> loginPage = this.browser.follow(toLogin);
		assertThat(loginPage.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.fieldValue(loginPage, "username")).as("username field").isPresent();
		assertThat(HtmlDocuments.fieldValue(loginPage, "password")).as("password field").isPresent();
		HttpResponse<String> loggedIn = this.browser.postForm("/login",
				Map.of("username", username, "password", password, "_csrf", HttpExchange.csrfToken(loginPage)));
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		return loggedIn;
	}

	/**
	 * Signs in, approves every requested scope on the consent page, and returns the
	 * redirect to the client.
	 */
	public URI signInAndConsent(String state, Pkce pkce, String username, String password) {
		HttpResponse<String> toAuthorize = signIn(state, pkce, username, password);
		HttpResponse<String> toConsent = this.browser.follow(toAuthorize);
		assertThat(toConsent.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(toConsent).getPath()).isEqualTo("/oauth2/consent");
		HttpResponse<String> consentPage = this.browser.follow(toConsent);
		assertThat(consentPage.statusCode()).isEqualTo(200);
		assertThat(HtmlDocuments.text(consentPage, "submit-consent")).as("consent button").isPresent();
		HttpResponse<String> toClient = submitConsent(consentPage, true);
		assertThat(toClient.statusCode()).isEqualTo(302);
		return HttpExchange.location(toClient);
	}

	/**
	 * Posts the consent form: every offered scope when approving, none when cancelling.
	 */
	public HttpResponse<String> submitConsent(HttpResponse<String> consentPage, boolean approve) {
		Map<String, String> consentQuery = HttpExchange.queryParameters(consentPage.uri());
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("client_id", this.clientId);
		form.put("state", consentQuery.get("state"));
		form.put("_csrf", HttpExchange.csrfToken(consentPage));
		if (approve) {
			form.put("scope",
					List.of(consentQuery.get("scope").split(" "))
						.stream()
						.filter((scope) -> !scope.equals("openid"))
						.toList());
		}
		return this.browser.postForm("/oauth2/authorize", form);
	}

}
