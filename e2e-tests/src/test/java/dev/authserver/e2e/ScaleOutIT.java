package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.authserver.e2e.NginxProxy.ProxiedRequest;
import dev.authserver.testsupport.Nginx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two auth-server instances on one real PostgreSQL behind nginx's round robin, as an
 * operator scales it out: a browser sign-in whose pages alternate between the instances,
 * tokens issued by one instance and honoured by the other, and one instance stopped under
 * load, with nothing failing but the requests it had in flight, then restarted. Needs
 * nginx; without it the test is skipped, and fails under CI.
 */
@ExtendWith(Nginx.Required.class)
// The stop and restart come last, so that the other tests always meet both instances
// serving.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

	private static final String A = "auth-server-a";

	private static final String B = "auth-server-b";

	private static final String WEB_CLIENT_ID = "demo-web";

	private static final Set<String> SIGN_IN_PAGES = Set.of("/oauth2/authorize", "/login", "/oauth2/consent");

	private static final int LOAD_THREADS = 4;

	/**
	 * How long the load runs before the stop and at least after it: longer than the 2 s
	 * nginx rests an instance after a failure, so that nginx tries the stopped instance
	 * again under load.
	 */
	private static final Duration LOAD_PHASE = Duration.ofSeconds(4);

	/**
	 * Successful requests in each phase of the load at least, however slow the machine.
	 */
	private static final int LOAD_PHASE_SUCCESSES = 100;

	private static final Duration LOAD_PHASE_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Requests the restarted instance must serve through the proxy to count as back in
	 * the round robin.
	 */
	private static final int SERVED_AFTER_RESTART = 3;

	private static final Path WORK = Path.of(System.getProperty("e2e.workDirectory", "target/e2e"), "scale-out");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** What {@link #stopEverything()} closes, last started first. */
	private static final Deque<AutoCloseable> started = new ArrayDeque<>();

	private static AuthServerInstance instanceA;

	private static AuthServerInstance instanceB;

	private static NginxProxy proxy;

	private static String clientRedirectUri;

	@BeforeAll
	static void startTwoInstancesBehindTheProxy() throws IOException {
		instanceA = new AuthServerInstance(A);
		instanceB = new AuthServerInstance(B);
		Map<String, Integer> instancePorts = new LinkedHashMap<>();
		instancePorts.put(A, instanceA.port);
		instancePorts.put(B, instanceB.port);
		proxy = NginxProxy.start(WORK, freePort(), instancePorts);
		started.push(proxy);

		HttpServer clientRedirectEndpoint = startClientRedirectEndpoint();
		started.push(() -> clientRedirectEndpoint.stop(0));
		String clientUrl = "http://127.0.0.1:" + clientRedirectEndpoint.getAddress().getPort();
		clientRedirectUri = clientUrl + "/login/oauth2/code/demo";

		EmbeddedPostgres postgres = EmbeddedPostgres.start();
		started.push(postgres);

		byte[] keyEncryptionKey = new byte[32];
		RANDOM.nextBytes(keyEncryptionKey);
		Map<String, String> properties = Map.ofEntries(
				Map.entry("spring.security.oauth2.authorizationserver.issuer", proxy.url()),
				Map.entry("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres")),
				Map.entry("spring.datasource.username", "postgres"),
				Map.entry("spring.datasource.password", "postgres"),
				// Each instance decrypts the private signing keys that another one
				// stored.
				Map.entry("authserver.keys.encryption-key", Base64.getEncoder().encodeToString(keyEncryptionKey)),
				Map.entry("authserver.demo.client-demo-url", clientUrl),
				Map.entry("authserver.registration.allow-http-localhost", "true"),
				Map.entry("authserver.demo.user-password", RunningSystem.DEMO_USER_PASSWORD),
				Map.entry("authserver.demo.admin-password", RunningSystem.ADMIN_PASSWORD),
				Map.entry("authserver.demo.web-client-secret", RunningSystem.WEB_CLIENT_SECRET),
				Map.entry("authserver.demo.machine-client-secret", RunningSystem.MACHINE_CLIENT_SECRET));
		started.push(instanceA);
		instanceA.start(properties);
		// Then the second: instances starting together on an empty database race to
		// create the demo data.
		started.push(instanceB);
		instanceB.start(properties);
	}

	@AfterAll
	static void stopEverything() throws Exception {
		while (!started.isEmpty()) {
			started.pop().close();
		}
	}

	@Test
	@Order(1)
	void signInWhenItsPagesAlternateBetweenInstancesThenItsTokensRefreshAndRevokeAcrossThem() throws Exception {
		String verifier = randomValue();
		int logMark = proxy.accessLog().size();

		String code = signInWithBrowser(s256(verifier));

		List<ProxiedRequest> pages = proxy.accessLogAfter(logMark)
			.stream()
			.filter((request) -> SIGN_IN_PAGES.contains(request.path()))
			.toList();
		assertThat(pages).extracting((page) -> page.method() + " " + page.path() + " " + page.status())
			.containsExactly("GET /oauth2/authorize 302", "GET /login 200", "POST /login 302",
					"GET /oauth2/authorize 302", "GET /oauth2/consent 200", "POST /oauth2/authorize 302");
		for (int i = 1; i < pages.size(); i++) {
			assertThat(pages.get(i).servedBy()).as("step %d of %s", i + 1, pages)
				.isNotEqualTo(pages.get(i - 1).servedBy());
		}

		Map<String, Object> issued = json(tokenRequest(proxy.url(), WEB_CLIENT_ID, RunningSystem.WEB_CLIENT_SECRET,
				Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", clientRedirectUri,
						"code_verifier", verifier)));
		assertThat(issued).containsKeys("access_token", "refresh_token", "id_token");

		// Refresh tokens are replaced at each use: the one A hands out works on B.
		Map<String, Object> refreshedOnA = json(refresh(instanceA, issued.get("refresh_token")));
		Map<String, Object> refreshedOnB = json(refresh(instanceB, refreshedOnA.get("refresh_token")));
		Object accessToken = refreshedOnB.get("access_token");
		Object refreshToken = refreshedOnB.get("refresh_token");
		assertThat(introspect(instanceA, WEB_CLIENT_ID, RunningSystem.WEB_CLIENT_SECRET, accessToken))
			.containsEntry("active", true);

		// An access token revoked on A is inactive on B; the grant's refresh token lives
		// on.
		HttpResponse<String> revocation = send(instanceA.url() + "/oauth2/revoke", WEB_CLIENT_ID,
				RunningSystem.WEB_CLIENT_SECRET, Map.of("token", accessToken, "token_type_hint", "access_token"));
		assertThat(revocation.statusCode()).isEqualTo(200);
		assertThat(introspect(instanceB, WEB_CLIENT_ID, RunningSystem.WEB_CLIENT_SECRET, accessToken))
			.containsEntry("active", false);
		assertThat(introspect(instanceB, WEB_CLIENT_ID, RunningSystem.WEB_CLIENT_SECRET, refreshToken))
			.containsEntry("active", true);

		// The refresh token A replaced, presented again on B, is reuse: B revokes the
		// whole grant, for A too.
		assertInvalidGrant(refresh(instanceB, issued.get("refresh_token")));
		assertThat(introspect(instanceA, WEB_CLIENT_ID, RunningSystem.WEB_CLIENT_SECRET, refreshToken))
			.as("the grant's newest refresh token, after the reuse")
			.containsEntry("active", false);
		assertInvalidGrant(refresh(instanceA, refreshToken));
	}

	@Test
	@Order(2)
	void clientCredentialsWhenTokensComeFromEitherInstanceThenBothInstancesHonourThem() throws Exception {
		int logMark = proxy.accessLog().size();

		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			tokens.add(accessToken(machineTokenRequest(proxy.url())));
		}

		assertThat(proxy.accessLogAfter(logMark)).extracting(ProxiedRequest::servedBy).containsOnly(A, B);
		for (AuthServerInstance instance : List.of(instanceA, instanceB)) {
			List<String> publishedKids = JWKSet.parse(get(instance.url() + "/oauth2/jwks").body())
				.getKeys()
				.stream()
				.map(JWK::getKeyID)
				.toList();
			for (String token : tokens) {
				assertThat(publishedKids).as("keys published by %s", instance.name).contains(kid(token));
				assertThat(introspect(instance, RunningSystem.MACHINE_CLIENT_ID, RunningSystem.MACHINE_CLIENT_SECRET,
						token))
					.as("introspection at %s", instance.name)
					.containsEntry("active", true)
					.containsEntry("client_id", RunningSystem.MACHINE_CLIENT_ID);
			}
		}
	}

	@Test
	@Order(3)
	void loadWhenOneInstanceStopsThenOnlyItsRequestsInFlightFailAndAfterItsRestartItServesAgain() throws Exception {
		int logMark = proxy.accessLog().size();
		Instant loadStarted = Instant.now();
		Instant stopRequested;
		Instant stopped;
		List<Attempt> attempts;
		try (MachineClientLoad load = new MachineClientLoad(LOAD_THREADS)) {
			load.awaitPhase(loadStarted);
			stopRequested = Instant.now();
			instanceB.stop();
			stopped = Instant.now();
			load.awaitPhase(stopped);
			attempts = load.finish();
		}
		Instant loadEnded = Instant.now();
		List<ProxiedRequest> underLoad = proxy.accessLogAfter(logMark);
		String stoppedRunLog = instanceB.log();

		instanceB.restart();
		int restartMark = proxy.accessLog().size();
		List<ProxiedRequest> afterRestart = awaitValue(Duration.ofSeconds(30), () -> {
			accessToken(machineTokenRequest(proxy.url()));
			return proxy.accessLogAfter(restartMark);
		}, (log) -> log.stream().filter((request) -> request.servedBy().equals(B)).count() >= SERVED_AFTER_RESTART);

		List<Attempt> failures = attempts.stream().filter((attempt) -> !attempt.succeeded()).toList();
		long succeeded = attempts.size() - failures.size();
		long succeededAfterStop = attempts.stream()
			.filter((attempt) -> attempt.succeeded() && attempt.started().isAfter(stopped))
			.count();
		List<ProxiedRequest> passedOn = underLoad.stream().filter(ProxiedRequest::passedOn).toList();
		System.out.printf("Scale-out under load: %d threads through nginx for %.1f s, %s stopped at %.1f s (its exit "
				+ "took %.1f s): %d requests succeeded (%d after the stop), %d failed %s; served by %s; %d passed on "
				+ "to the other instance after a refused connection; after the restart, served by %s%n", LOAD_THREADS,
				seconds(loadStarted, loadEnded), B, seconds(loadStarted, stopRequested),
				seconds(stopRequested, stopped), succeeded, succeededAfterStop, failures.size(),
				countBy(failures.stream().map(Attempt::failure)),
				countBy(underLoad.stream().map(ProxiedRequest::servedBy)), passedOn.size(),
				countBy(afterRestart.stream().map(ProxiedRequest::servedBy)));

		assertThat(stoppedRunLog).as("%s stopped gracefully", B).contains("Graceful shutdown complete");
		// A stopping instance finishes the requests it is serving but resets the
		// connections still queued on its port,
		// to which nginx has already sent a request, and nginx repeats no POST. Each
		// thread has one request out at a
		// time, so at most that many can have been in flight there.
		assertThat(failures).hasSizeLessThanOrEqualTo(LOAD_THREADS)
			.allSatisfy((failure) -> assertThat(failure.overlaps(stopRequested, stopped))
				.as("%s in flight during the stop", failure)
				.isTrue());
		assertThat(succeededAfterStop).isGreaterThanOrEqualTo(LOAD_PHASE_SUCCESSES);
		assertThat(underLoad).filteredOn((request) -> request.time().isBefore(stopRequested))
			.extracting(ProxiedRequest::servedBy)
			.containsOnly(A, B);
		assertThat(underLoad).filteredOn((request) -> request.time().isAfter(stopped) && request.status() == 200)
			.extracting(ProxiedRequest::servedBy)
			.containsOnly(A);
		assertThat(passedOn).as("requests the stopped instance refused, passed on rather than failed")
			.isNotEmpty()
			.allSatisfy((request) -> assertThat(request.tried()).containsExactly(B, A));
		assertThat(afterRestart).extracting(ProxiedRequest::status).containsOnly(200);
	}

	/**
	 * Signs in as the demo user in a real browser through the proxy and consents; returns
	 * the authorization code the browser was sent back with.
	 */
	private static String signInWithBrowser(String codeChallenge) {
		String state = randomValue();
		try (Browser browser = Browser.open()) {
			browser.go(proxy.url() + "/oauth2/authorize?"
					+ form(Map.of("response_type", "code", "client_id", WEB_CLIENT_ID, "redirect_uri",
							clientRedirectUri, "scope", "openid profile message.read", "state", state, "nonce",
							randomValue(), "code_challenge", codeChallenge, "code_challenge_method", "S256")));
			browser.awaitUrlStartingWith(proxy.url() + "/login");
			browser.type("input[name=username]", RunningSystem.DEMO_USER);
			browser.type("input[name=password]", RunningSystem.DEMO_USER_PASSWORD);
			browser.click("#submit-login");
			browser.awaitUrlStartingWith(proxy.url() + "/oauth2/consent");
			browser.click("#submit-consent");
			browser.awaitUrlStartingWith(clientRedirectUri + "?");
			Map<String, String> response = queryParameters(URI.create(browser.currentUrl()));
			assertThat(response.get("state")).isEqualTo(state);
			assertThat(response).containsKey("code");
			return response.get("code");
		}
	}

	/**
	 * Stands in for the client's redirect endpoint, so that the browser lands on a page
	 * and the test reads the code from its address.
	 */
	private static HttpServer startClientRedirectEndpoint() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			byte[] page = "Signed in.".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, page.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(page);
			}
		});
		server.start();
		return server;
	}

	private static HttpResponse<String> machineTokenRequest(String baseUrl) throws IOException, InterruptedException {
		return tokenRequest(baseUrl, RunningSystem.MACHINE_CLIENT_ID, RunningSystem.MACHINE_CLIENT_SECRET,
				Map.of("grant_type", "client_credentials", "scope", "message.read"));
	}

	private static HttpResponse<String> refresh(AuthServerInstance instance, Object refreshToken)
			throws IOException, InterruptedException {
		return tokenRequest(instance.url(), WEB_CLIENT_ID, RunningSystem.WEB_CLIENT_SECRET,
				Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	private static HttpResponse<String> tokenRequest(String baseUrl, String clientId, String clientSecret,
			Map<String, ?> parameters) throws IOException, InterruptedException {
		return send(baseUrl + "/oauth2/token", clientId, clientSecret, parameters);
	}

	private static Map<String, Object> introspect(AuthServerInstance instance, String clientId, String clientSecret,
			Object token) throws IOException, InterruptedException, ParseException {
		return json(introspectionRequest(instance.url(), clientId, clientSecret, token));
	}

	private static HttpResponse<String> introspectionRequest(String baseUrl, String clientId, String clientSecret,
			Object token) throws IOException, InterruptedException {
		return send(baseUrl + "/oauth2/introspect", clientId, clientSecret, Map.of("token", token));
	}

	/** Posts a form with the client's credentials in {@code client_secret_basic}. */
	private static HttpResponse<String> send(String url, String clientId, String clientSecret,
			Map<String, ?> parameters) throws IOException, InterruptedException {
		String credentials = clientId + ":" + clientSecret;
		return http.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(parameters)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The JSON body of a successful response; the body of any other is an error without
	 * tokens, fit to show.
	 */
	private static Map<String, Object> json(HttpResponse<String> response) throws ParseException {
		assertThat(response.statusCode()).as("%s answered %s", response.uri(), response.body()).isEqualTo(200);
		return JSONObjectUtils.parse(response.body());
	}

	/** RFC 6749 §5.2: a refresh token that is not (or no longer) valid. */
	private static void assertInvalidGrant(HttpResponse<String> tokenResponse) {
		assertThat(tokenResponse.statusCode()).isEqualTo(400);
		assertThat(tokenResponse.body()).contains("\"error\":\"invalid_grant\"");
	}

	private static String accessToken(HttpResponse<String> tokenResponse) throws ParseException {
		return (String) json(tokenResponse).get("access_token");
	}

	private static String kid(String jwt) throws ParseException {
		return SignedJWT.parse(jwt).getHeader().getKeyID();
	}

	private static String form(Map<String, ?> parameters) {
		return parameters.entrySet()
			.stream()
			.map((parameter) -> parameter.getKey() + "="
					+ URLEncoder.encode(String.valueOf(parameter.getValue()), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, String> queryParameters(URI uri) {
		Map<String, String> parameters = new HashMap<>();
		for (String parameter : uri.getRawQuery().split("&")) {
			String[] nameAndValue = parameter.split("=", 2);
			parameters.put(nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
		}
		return parameters;
	}

	/** The S256 code challenge of a PKCE code verifier (RFC 7636 §4.2). */
	private static String s256(String verifier) throws NoSuchAlgorithmException {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	/**
	 * 256 random bits, base64url: a PKCE verifier (RFC 7636 §4.1), a state or a nonce.
	 */
	private static String randomValue() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static Map<String, Long> countBy(Stream<String> values) {
		return values.collect(Collectors.groupingBy((value) -> value, TreeMap::new, Collectors.counting()));
	}

	private static double seconds(Instant from, Instant to) {
		return Duration.between(from, to).toMillis() / 1000.0;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Polls until the value satisfies the condition; fails the test after the timeout.
	 */
	private static <T> T awaitValue(Duration timeout, Callable<T> value, Predicate<T> condition) throws Exception {
		return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(value, condition::test);
	}

	/**
	 * An auth-server instance on ports of its own that stay the same across restarts, so
	 * that nginx finds it again.
	 */
	private static final class AuthServerInstance implements AutoCloseable {

		private final String name;

		private final int port = freePort();

		private final int managementPort = freePort();

		private Map<String, String> properties;

		private AppProcess process;

		AuthServerInstance(String name) {
			this.name = name;
		}

		String url() {
			return "http://localhost:" + this.port;
		}

		void start(Map<String, String> sharedProperties) {
			this.properties = new HashMap<>(sharedProperties);
			this.properties.put("server.port", String.valueOf(this.port));
			this.properties.put("management.server.port", String.valueOf(this.managementPort));
			run(this.name);
		}

		/**
		 * Starts the instance again, on the same database and ports; the stopped run's
		 * log stays where it was.
		 */
		void restart() {
			run(this.name + "-restarted");
		}

		/**
		 * SIGTERM, as an orchestrator stops an instance: Spring Boot shuts down
		 * gracefully.
		 */
		void stop() {
			this.process.close();
		}

		String log() {
			return this.process.log();
		}

		@Override
		public void close() {
			if (this.process != null) {
				this.process.close();
			}
		}

		private void run(String runName) {
			this.process = AppProcess.start(runName,
					Path.of(System.getProperty("e2e.authServerJar", "missing-e2e.authServerJar")), WORK,
					this.properties);
			this.process.awaitReady("http://localhost:" + this.managementPort + "/actuator/health/readiness",
					(status) -> status == 200);
		}

	}

	/**
	 * The machine client through the proxy without pause on a few threads: a token, then
	 * its introspection, each request recorded with when it ran and how it ended.
	 */
	private static final class MachineClientLoad implements AutoCloseable {

		private final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService threads;

		MachineClientLoad(int threadCount) {
			this.threads = Executors.newFixedThreadPool(threadCount);
			for (int i = 0; i < threadCount; i++) {
				this.threads.execute(this::run);
			}
		}

		/**
		 * Waits until the load has run {@link ScaleOutIT#LOAD_PHASE} since {@code since},
		 * with enough successes.
		 */
		void awaitPhase(Instant since) throws Exception {
			Instant phaseEnd = since.plus(LOAD_PHASE);
			awaitValue(LOAD_PHASE_TIMEOUT,
					() -> this.attempts.stream()
						.filter((attempt) -> attempt.succeeded() && attempt.started().isAfter(since))
						.count(),
					(successes) -> successes >= LOAD_PHASE_SUCCESSES && Instant.now().isAfter(phaseEnd));
		}

		/**
		 * Stops the load once every thread's last request is done; returns every request,
		 * in the order they ended.
		 */
		List<Attempt> finish() throws InterruptedException {
			close();
			return List.copyOf(this.attempts);
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.threads.shutdown();
			if (!this.threads.awaitTermination(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The load did not stop within 60 s");
			}
		}

		private void run() {
			while (this.running.get()) {
				HttpResponse<String> token = attempt("token", () -> machineTokenRequest(proxy.url()),
						(response) -> true);
				if (token != null) {
					attempt("introspection",
							() -> introspectionRequest(proxy.url(), RunningSystem.MACHINE_CLIENT_ID,
									RunningSystem.MACHINE_CLIENT_SECRET, accessToken(token)),
							(response) -> response.body().contains("\"active\":true"));
				}
			}
		}

		/**
		 * Sends one request and records how it went; returns its response when it
		 * answered 200 as expected, or {@code null}.
		 */
		private HttpResponse<String> attempt(String kind, Callable<HttpResponse<String>> request,
				Predicate<HttpResponse<String>> expected) {
			Instant started = Instant.now();
			String failure;
			HttpResponse<String> response = null;
			try {
				response = request.call();
				failure = (response.statusCode() != 200) ? kind + " " + response.statusCode()
						: expected.test(response) ? null : kind + " unexpected answer";
			}
			catch (Exception ex) {
				failure = kind + " " + ex.getClass().getSimpleName();
			}
			this.attempts.add(new Attempt(started, Instant.now(), failure));
			return (failure != null) ? null : response;
		}

	}

	/**
	 * One request of the load.
	 *
	 * @param failure how it failed, or {@code null} when it succeeded
	 */
	private record Attempt(Instant started, Instant ended, String failure) {

		boolean succeeded() {
			return this.failure == null;
		}

		boolean overlaps(Instant from, Instant to) {
			return !this.started.isAfter(to) && !this.ended.isBefore(from);
		}

	}

}
