package dev.authserver.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signing key rotation seen from the real resource server: nothing a client holds stops
 * working, new tokens carry the new key, the API follows without a restart, and a retired
 * key leaves the JWKS once its tokens have expired. Here keys are published 2 s before
 * they sign and retired keys stay 9.5 s (token lifetime 8 s, 1 s skew, 0.5 s between each
 * instance's key checks).
 */
@ExtendWith(RunningSystem.class)
class KeyRotationIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void rotationWhenRequestedThenOldAndNewTokensValidateAndTheRetiredKeyLeavesTheJwks() throws Exception {
		String before = machineToken();
		String oldKid = kid(before);
		assertThat(callApi(before).statusCode()).isEqualTo(200);

		HttpResponse<String> rotation = adminPost("/admin/api/keys/rotation");
		assertThat(rotation.statusCode()).isEqualTo(202);
		String newKid = (String) JSONObjectUtils.parse(rotation.body()).get("kid");
		assertThat(publishedKids()).contains(oldKid, newKid);

		String after = awaitValue(Duration.ofSeconds(15), this::machineToken, (token) -> newKid.equals(kid(token)));
		assertThat(callApi(after).statusCode()).as("new key, no restart of the API").isEqualTo(200);
		assertThat(callApi(before).statusCode()).as("token signed before the rotation").isEqualTo(200);

		awaitValue(Duration.ofSeconds(30), this::publishedKids, (kids) -> !kids.contains(oldKid));
		assertThat(expiry(before).plus(RunningSystem.CLOCK_SKEW)).as("the retired key outlived its last token")
			.isBefore(Instant.now());
		assertThat(publishedKids()).contains(newKid);
	}

	@Test
	void concurrentLoadWhenKeysRotateThenNoRequestFails() throws Exception {
		Duration load = Duration.ofSeconds(10);
		Instant end = Instant.now().plus(load);
		AtomicLong succeeded = new AtomicLong();
		Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
		Map<String, AtomicLong> tokensByKid = new ConcurrentHashMap<>();
		ExecutorService workers = Executors.newFixedThreadPool(4);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			running.add(workers.submit(() -> {
				while (Instant.now().isBefore(end)) {
					try {
						String token = machineToken();
						tokensByKid.computeIfAbsent(kid(token), (kid) -> new AtomicLong()).incrementAndGet();
						int status = callApi(token).statusCode();
						if (status == 200) {
							succeeded.incrementAndGet();
						}
						else {
							failures.computeIfAbsent("API " + status, (key) -> new AtomicLong()).incrementAndGet();
						}
					}
					catch (Exception | AssertionError ex) {
						failures.computeIfAbsent(ex.getClass().getSimpleName(), (key) -> new AtomicLong())
							.incrementAndGet();
					}
				}
			}));
		}
		int rotations = 0;
		while (Instant.now().isBefore(end.minusSeconds(2))) {
			assertThat(adminPost("/admin/api/keys/rotation").statusCode()).isEqualTo(202);
			rotations++;
			Thread.sleep(2500);
		}
		for (Future<?> worker : running) {
			worker.get();
		}
		workers.shutdown();

		System.out.printf(
				"Key rotation under load: %d s, %d rotation requests, %d successful token+API calls, "
						+ "failures %s, tokens per kid %s%n",
				load.toSeconds(), rotations, succeeded.get(), failures, new TreeMap<>(tokensByKid));
		assertThat(failures).isEmpty();
		assertThat(succeeded.get()).isPositive();
		assertThat(tokensByKid).as("tokens were signed by several keys during the run").hasSizeGreaterThan(1);
	}

	private String machineToken() {
		try {
			String credentials = RunningSystem.MACHINE_CLIENT_ID + ":" + RunningSystem.MACHINE_CLIENT_SECRET;
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(RunningSystem.authServerUrl() + "/oauth2/token"))
					.header("Authorization", basic(credentials))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=message.read"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("token response %s", response.body()).isEqualTo(200);
			return (String) JSONObjectUtils.parse(response.body()).get("access_token");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> callApi(String token) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(RunningSystem.resourceServerUrl() + "/api/me"))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> adminPost(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(RunningSystem.authServerUrl() + path))
			.header("Authorization", basic(RunningSystem.ADMIN + ":" + RunningSystem.ADMIN_PASSWORD))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private List<String> publishedKids() {
		try {
			HttpResponse<String> jwks = this.http.send(
					HttpRequest.newBuilder(URI.create(RunningSystem.authServerUrl() + "/oauth2/jwks")).build(),
					HttpResponse.BodyHandlers.ofString());
			return JWKSet.parse(jwks.body()).getKeys().stream().map(JWK::getKeyID).toList();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String kid(String jwt) {
		try {
			return SignedJWT.parse(jwt).getHeader().getKeyID();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Instant expiry(String jwt) throws ParseException {
		return SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime().toInstant();
	}

	private static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Polls until the value satisfies the condition; fails the test after the timeout.
	 */
	private static <T> T awaitValue(Duration timeout, Supplier<T> value, Predicate<T> condition) {
		return Awaitility.await()
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(200))
			.until(value::get, condition::test);
	}

}
