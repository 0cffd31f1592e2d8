package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlForm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The form post response mode: codes and errors alike come back as a page whose form a
 * script (allowed by the response's own CSP nonce) posts to the client's redirect URI,
 * never in a redirect; what cannot go back to the client still gets the error page.
 *
 * @see <a href="https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html">OAuth
 * 2.0 Form Post Response Mode</a>
 */
@AuthServerTest
class FormPostResponseModeTests {

	private static final String SCOPES = "openid profile email message.read";

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@Test
	void formPostWhenUserConsentsThenThePagePostsCodeStateAndIssToTheRedirectUri() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		BrowserSignIn signIn = signIn(browser);
		HttpResponse<String> consentPage = browser
			.follow(browser.follow(signIn.signIn("posted", pkce, this.username, TestUsers.PASSWORD)));

		HttpResponse<String> response = signIn.submitConsent(consentPage, true);

		FormPost form = FormPost.of(response);
		assertThat(form.action()).isEqualTo(TestClients.WEB_REDIRECT_URI);
		assertThat(form.method()).isEqualToIgnoringCase("post");
		assertThat(form.fields()).containsOnlyKeys("code", "state", "iss")
			.containsEntry("state", "posted")
			.containsEntry("iss", this.issuer);
		Map<String, Object> token = new LinkedHashMap<>();
		token.put("grant_type", "authorization_code");
		token.put("code", form.fields().get("code"));
		token.put("redirect_uri", TestClients.WEB_REDIRECT_URI);
		token.put("code_verifier", pkce.verifier());
		HttpResponse<String> tokens = HttpExchange.to(this.issuer)
			.postFormAsClient("/oauth2/token", token, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
	}

	@Test
	void formPostWhenConsentWasGivenBeforeThenTheCodeIsPostedStraightAway() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = signIn(browser);
		HttpResponse<String> consentPage = browser
			.follow(browser.follow(signIn.signIn("first", Pkce.generate(), this.username, TestUsers.PASSWORD)));
		assertThat(FormPost.of(signIn.submitConsent(consentPage, true)).fields()).containsKey("code");

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("again", Pkce.generate()));

		FormPost form = FormPost.of(response);
		assertThat(form.fields()).containsKey("code").containsEntry("state", "again");
	}

	@Test
	void formPostWhenUserDeclinesConsentThenAccessDeniedIsPostedNotRedirected() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = signIn(browser);
		HttpResponse<String> consentPage = browser
			.follow(browser.follow(signIn.signIn("declined", Pkce.generate(), this.username, TestUsers.PASSWORD)));

		HttpResponse<String> response = signIn.submitConsent(consentPage, false);

		FormPost form = FormPost.of(response);
		assertThat(form.action()).isEqualTo(TestClients.WEB_REDIRECT_URI);
		assertThat(form.fields()).containsEntry("error", "access_denied")
			.containsEntry("state", "declined")
			.containsEntry("iss", this.issuer)
			.doesNotContainKey("code");
	}

	@Test
	void formPostWhenAScopeIsUnknownThenInvalidScopeIsPostedWithTheStateAsSentAndEscaped() {
		String state = "\"><script>alert(1)</script>&x=<b>";
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid no.such.scope")
			.with("response_mode", "form_post");

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest(state, Pkce.generate()));

		FormPost form = FormPost.of(response);
		assertThat(form.fields()).containsEntry("error", "invalid_scope")
			.containsEntry("state", state)
			.containsEntry("iss", this.issuer);
		assertThat(form.scripts()).as("the state's markup stays text").isEqualTo(1);
		assertThat(response.body()).doesNotContain("<script>alert");
		FormPost again = FormPost.of(browser.browse(signIn.authorizationRequest(state, Pkce.generate())));
		assertThat(again.nonce()).as("a nonce for each response").isNotEqualTo(form.nonce());
	}

	@Test
	void formPostWhenTheRedirectUriIsNotRegisteredThenTheErrorPageAndNoForm() {
		HttpExchange browser = HttpExchange.to(this.issuer);
		BrowserSignIn signIn = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, "https://attacker.example/cb", SCOPES)
			.with("response_mode", "form_post");

		HttpResponse<String> response = browser.browse(signIn.authorizationRequest("evil", Pkce.generate()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).doesNotContain("attacker.example").doesNotContain("form-post");
		assertThat(HtmlDocuments.text(response, "error-code")).hasValue("invalid_request");
	}

	private BrowserSignIn signIn(HttpExchange browser) {
		return BrowserSignIn.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, SCOPES)
			.with("response_mode", "form_post");
	}

	/**
	 * A form post response as the browser receives it, after asserting what every one
	 * must be: a page, not a redirect, that no cache keeps, whose only script runs by the
	 * policy's nonce, and that a user without scripts can submit.
	 */
	record FormPost(String action, String method, Map<String, String> fields, String nonce, int scripts) {

		static FormPost of(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.headers().firstValue("Location")).isEmpty();
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
			FormPost form = HtmlDocuments.read(response, (page) -> {
				HtmlForm post = (HtmlForm) page.getElementById("form-post");
				assertThat(post).as("the form").isNotNull();
				Map<String, String> fields = new LinkedHashMap<>();
				for (DomElement input : post.getElementsByTagName("input")) {
					assertThat(input.getAttribute("type")).isEqualTo("hidden");
					fields.put(input.getAttribute("name"), input.getAttribute("value"));
				}
				assertThat(page.getElementById("submit-form-post")).as("the button for browsers without scripts")
					.isNotNull();
				List<DomElement> scripts = List.copyOf(page.getElementsByTagName("script"));
				return new FormPost(post.getActionAttribute(), post.getMethodAttribute(), fields,
						scripts.get(0).getAttribute("nonce"), scripts.size());
			});
			assertThat(form.fields()).as("our CSRF token never goes to a client").doesNotContainKey("_csrf");
			assertThat(form.nonce()).hasSizeGreaterThanOrEqualTo(16);
			assertThat(policy).contains("script-src 'nonce-" + form.nonce() + "'")
				.contains("default-src 'none'")
				.doesNotContain("unsafe-inline");
			return form;
		}

	}

}
