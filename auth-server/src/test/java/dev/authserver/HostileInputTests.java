package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.authserver.HostileRequests.Fixtures;
import dev.authserver.HostileRequests.HostileRequest;
import dev.authserver.registration.JdbcInitialAccessTokenRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Thousands of malformed requests to every protocol endpoint (see
 * {@link HostileRequests}): none may get a 5xx or a stack trace, and every error of the
 * token and pushed authorization request endpoints is RFC 6749 §5.2 JSON. The requests
 * come from a seeded random source; the seed is printed, and
 * {@code -Dhostile-input.seed=...} repeats a run exactly.
 */
@AuthServerTest
class HostileInputTests {

	private static final int REQUESTS = 2_400;

	/** A stack frame, a chained cause, or a qualified exception class name. */
	private static final Pattern STACK_TRACE = Pattern.compile("\\bat [\\w$]+(\\.[\\w$<>]+)+\\(|Caused by: "
			+ "|\\b(java|javax|jakarta|org|com|tools|sun)\\.[\\w$.]*(Exception|Error)\\b");

	private static final List<String> CERTIFICATE_FIELDS = List.of("tls_client_auth_subject_dn",
			"tls_client_auth_san_dns", "tls_client_auth_san_uri", "tls_client_auth_san_ip",
			"tls_client_auth_san_email");

	/** {@code authserver.scopes.registration-default}. */
	private static final Set<String> REGISTRATION_DEFAULT_SCOPES = Set.of("openid", "profile", "email", "message.read");

	private static final Set<String> OFFERED_GRANT_TYPES = Set.of("authorization_code", "refresh_token",
			"client_credentials", "urn:ietf:params:oauth:grant-type:device_code");

	private static final Pattern UNSHOWABLE = Pattern
		.compile("[\\p{Cc}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcInitialAccessTokenRepository initialAccessTokens;

	@Test
	@Timeout(value = 2, unit = TimeUnit.MINUTES)
	void malformedRequestsToEveryEndpointGetAClientErrorWithoutStackTrace() {
		long seed = Long.getLong("hostile-input.seed", new SecureRandom().nextLong());
		String run = "hostile input seed " + seed + " (repeat with -Dhostile-input.seed=" + seed + ")";
		System.out.println(run);
		HostileRequests requests = new HostileRequests(new Random(seed), fixtures());
		RawHttp http = RawHttp.to(this.issuer);
		Map<Integer, Integer> byStatus = new TreeMap<>();
		Map<String, Map<Integer, Integer>> byEndpoint = new LinkedHashMap<>();
		List<String> failures = new ArrayList<>();
		long started = System.nanoTime();

		for (int i = 0; i < REQUESTS; i++) {
			HostileRequest request = requests.next(HostileRequests.ENDPOINTS.get(i % HostileRequests.ENDPOINTS.size()),
					http.authority());
			RawHttp.Response response;
			try {
				response = http.sendBytes(request.wire());
			}
			catch (RuntimeException ex) {
				failures.add("#" + i + " " + request.description() + ": no answer (" + ex.getMessage() + ")");
				continue;
			}
			byStatus.merge(response.status(), 1, Integer::sum);
			byEndpoint.computeIfAbsent(request.endpoint(), (endpoint) -> new TreeMap<>())
				.merge(response.status(), 1, Integer::sum);
			int number = i;
			problem(request, response).ifPresent((problem) -> failures.add("#" + number + " " + request.description()
					+ ": " + response.status() + " " + problem + ": " + excerpt(response.body())));
		}

		System.out.printf("%s: %,d requests in %.1f s%n  by status: %s%n", run, REQUESTS,
				(System.nanoTime() - started) / 1e9, byStatus);
		byEndpoint.forEach((endpoint, counts) -> System.out.printf("  %-14s %s%n", endpoint, counts));
		assertThat(failures).as(run).isEmpty();
	}

	/**
	 * One code, then one refresh token, redeemed by six requests at once, half of them at
	 * another spelling of the token endpoint's path: the spelled-out ones race and one
	 * wins, the others get {@code invalid_grant}; the respelled ones are refused as
	 * {@code invalid_request} whatever the race does.
	 */
	@Test
	void redemptionsWhenSentTogetherToSeveralSpellingsOfTheTokenPathThenOneGetsTokens() {
		List<String> paths = List.of("/oauth2/token", "/oauth2/%74oken", "/oauth2/token", "/%6Fauth2/token",
				"/oauth2/token", "/oauth2/tok%65n");
		CodeGrant grant = CodeGrant.of(this.issuer, TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET,
				TestClients.WEB_REDIRECT_URI);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(HttpExchange.to(this.issuer), TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI,
					"openid message.read")
			.signInAndConsent("race", pkce, this.users.create(), TestUsers.PASSWORD);
		Map<String, Object> code = Map.of("grant_type", "authorization_code", "code",
				HttpExchange.queryParameters(callback).get("code"), "redirect_uri", TestClients.WEB_REDIRECT_URI,
				"code_verifier", pkce.verifier());

		HttpResponse<String> codeWinner = onlyOneOfTheSpelledOutSucceeds(paths, code);
		Map<String, Object> tokens = HttpExchange.json(codeWinner);
		assertThat(grant.introspect(tokens.get("access_token"))).as("revoked: the code was used twice")
			.containsEntry("active", false);

		Map<String, Object> fresh = grant.tokens("openid message.read", this.users.create(), TestUsers.PASSWORD);
		HttpResponse<String> refreshWinner = onlyOneOfTheSpelledOutSucceeds(paths,
				Map.of("grant_type", "refresh_token", "refresh_token", fresh.get("refresh_token")));
		assertThat(grant.introspect(HttpExchange.json(refreshWinner).get("access_token")))
			.as("revoked: the refresh token was used twice")
			.containsEntry("active", false);
	}

	private HttpResponse<String> onlyOneOfTheSpelledOutSucceeds(List<String> paths, Map<String, ?> form) {
		List<HttpResponse<String>> responses = ParallelTokenRequests.sendTogether(this.issuer, paths, form,
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		List<HttpResponse<String>> successes = new ArrayList<>();
		for (int i = 0; i < responses.size(); i++) {
			HttpResponse<String> response = responses.get(i);
			String path = paths.get(i % paths.size());
			if (response.statusCode() == 200) {
				successes.add(response);
				assertThat(path).as("the path of the request that got tokens").isEqualTo("/oauth2/token");
				continue;
			}
			assertThat(response.statusCode()).as(path).isEqualTo(400);
			assertThat(HttpExchange.json(response)).as(path)
				.containsEntry("error", path.equals("/oauth2/token") ? "invalid_grant" : "invalid_request");
		}
		assertThat(successes).as("requests that got tokens").hasSize(1);
		return successes.get(0);
	}

	private static Optional<String> problem(HostileRequest request, RawHttp.Response response) {
		if (response.status() >= 500) {
			return Optional.of("server error");
		}
		if (STACK_TRACE.matcher(response.body()).find()) {
			return Optional.of("stack trace in the body");
		}
		// Requests Tomcat refuses before any of our code runs (a malformed request line,
		// oversized headers) carry no
		// request id, and no body we could shape.
		boolean reachedApplication = response.header("X-Request-Id").isPresent();
		if (request.tokenRequest() && !request.head() && reachedApplication && response.status() >= 400
				&& !isJsonWithError(response)) {
			return Optional
				.of("token, device authorization or pushed request endpoint error that is not JSON with an error member");
		}
		// A HEAD answer has the headers of the JSON it would send, and no body.
		if (request.endpoint().equals("registration") && !request.head()
				&& (response.status() == 200 || response.status() == 201)
				&& response.header("Content-Type").orElse("").startsWith("application/json")) {
			return registrationProblem(response);
		}
		return Optional.empty();
	}

	/**
	 * What a registration that went through (a client's metadata, created, read or
	 * updated) must never hold: a scope outside the registration default (the initial
	 * access token allows no other), a grant type this server does not offer, or a name
	 * with control or bidirectional-override characters.
	 */
	private static Optional<String> registrationProblem(RawHttp.Response response) {
		Map<String, Object> client;
		try {
			client = JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			return Optional.of("registration answer that is not JSON");
		}
		Object scope = client.get("scope");
		if (scope instanceof String scopes && !REGISTRATION_DEFAULT_SCOPES.containsAll(List.of(scopes.split(" ")))) {
			return Optional.of("registered scope beyond what the initial access token allows");
		}
		Object grantTypes = client.get("grant_types");
		if (grantTypes instanceof List<?> types && !OFFERED_GRANT_TYPES.containsAll(types)) {
			return Optional.of("registered grant type this server does not offer");
		}
		if (client.get("client_name") instanceof String name && UNSHOWABLE.matcher(name).find()) {
			return Optional.of("registered name with control or bidirectional characters");
		}
		return certificateMetadataProblem(client);
	}

	/**
	 * RFC 8705 §2.1.2: a {@code tls_client_auth} client has exactly one certificate
	 * value, no other client has any, and a value is shown as it will be matched (a
	 * distinguished name that parses, an IP literal, no hidden characters).
	 */
	private static Optional<String> certificateMetadataProblem(Map<String, Object> client) {
		List<Object> values = CERTIFICATE_FIELDS.stream().map(client::get).filter(Objects::nonNull).toList();
		boolean tlsClientAuth = "tls_client_auth".equals(client.get("token_endpoint_auth_method"));
		if (tlsClientAuth ? values.size() != 1 : !values.isEmpty()) {
			return Optional.of("registered certificate values that do not fit the method");
		}
		if (values.stream().anyMatch((value) -> !(value instanceof String text) || UNSHOWABLE.matcher(text).find())) {
			return Optional.of("registered certificate value with control or bidirectional characters");
		}
		if (client.get("tls_client_auth_subject_dn") instanceof String dn) {
			try {
				new X500Principal(dn);
			}
			catch (IllegalArgumentException ex) {
				return Optional.of("registered subject DN that does not parse");
			}
		}
		if (client.get("tls_client_auth_san_ip") instanceof String ip && !ip.matches("[0-9a-fA-F.:]+")) {
			return Optional.of("registered IP address that is no literal");
		}
		Object bound = client.get("tls_client_certificate_bound_access_tokens");
		if (bound != null && !(bound instanceof Boolean)) {
			return Optional.of("registered binding that is not a boolean");
		}
		return Optional.empty();
	}

	/** RFC 6749 §5.2: an {@code application/json} object with a string {@code error}. */
	private static boolean isJsonWithError(RawHttp.Response response) {
		if (!response.header("Content-Type").orElse("").startsWith("application/json")) {
			return false;
		}
		try {
			return JSONObjectUtils.parse(response.body()).get("error") instanceof String error && !error.isEmpty();
		}
		catch (ParseException ex) {
			return false;
		}
	}

	private static String excerpt(String body) {
		return body.substring(0, Math.min(body.length(), 300)).replace("\r", "\\r").replace("\n", "\\n");
	}

	/**
	 * A user of this test's own signed in with demo-web (its session and tokens), an
	 * initial access token good for 20 registrations, and a client registered with it.
	 */
	private Fixtures fixtures() {
		String username = this.users.create();
		HttpExchange browser = HttpExchange.to(this.issuer);
		Pkce pkce = Pkce.generate();
		URI callback = BrowserSignIn
			.of(browser, TestClients.WEB_CLIENT_ID, TestClients.WEB_REDIRECT_URI, "openid profile email message.read")
			.signInAndConsent("hostile", pkce, username, TestUsers.PASSWORD);
		HttpResponse<String> tokenResponse = browser.postFormAsClient("/oauth2/token",
				Map.of("grant_type", "authorization_code", "code", HttpExchange.queryParameters(callback).get("code"),
						"redirect_uri", TestClients.WEB_REDIRECT_URI, "code_verifier", pkce.verifier()),
				TestClients.WEB_CLIENT_ID, TestClients.WEB_CLIENT_SECRET);
		assertThat(tokenResponse.statusCode()).isEqualTo(200);
		Map<String, Object> tokens = HttpExchange.json(tokenResponse);

		String initialAccessToken = this.initialAccessTokens.create("hostile input", Set.of(), Set.of(), 20,
				Instant.now().plus(Duration.ofHours(1)), "test", Instant.now());
		HttpResponse<String> registration = browser.sendJson("POST", "/oauth2/register",
				"{\"grant_types\": [\"client_credentials\"], \"scope\": \"message.read\"}", "Authorization",
				"Bearer " + initialAccessToken);
		assertThat(registration.statusCode()).isEqualTo(201);
		Map<String, Object> client = HttpExchange.json(registration);

		return new Fixtures(browser.cookieHeader(), (String) tokens.get("access_token"),
				(String) tokens.get("refresh_token"), (String) tokens.get("id_token"), initialAccessToken,
				(String) client.get("client_id"), (String) client.get("registration_access_token"));
	}

}
