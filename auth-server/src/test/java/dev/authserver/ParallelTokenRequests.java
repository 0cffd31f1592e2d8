package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One token request sent by several clients at the same moment, as a client that retries
 * or an attacker racing it would: the same code or refresh token redeemed in parallel;
 * and one pushed request's request URI redeemed by several tabs of a browser at once.
 */
final class ParallelTokenRequests {

	static final int REQUESTS = 6;

	private ParallelTokenRequests() {
	}

	/**
	 * Posts the form {@link #REQUESTS} times at once, each from its own HTTP client, and
	 * asserts that exactly one gets tokens and every other {@code 400 invalid_grant}.
	 * @return the tokens of the one that got them
	 */
	static Map<String, Object> onlyOneSucceeds(String issuer, Map<String, ?> form, String clientId, String clientSecret)
			throws Exception {
		List<HttpResponse<String>> responses = sendTogether(issuer, List.of("/oauth2/token"), form, clientId,
				clientSecret);
		List<HttpResponse<String>> successes = responses.stream()
			.filter((response) -> response.statusCode() == 200)
			.toList();
		assertThat(responses).as("answers to %d parallel requests", REQUESTS)
			.extracting(HttpResponse::statusCode)
			.containsOnly(200, 400);
		assertThat(successes).as("requests that got tokens").hasSize(1);
		assertThat(responses).filteredOn((response) -> response.statusCode() == 400)
			.allSatisfy((response) -> assertThat(HttpExchange.json(response)).containsEntry("error", "invalid_grant"));
		return HttpExchange.json(successes.get(0));
	}

	/**
	 * Posts the form {@link #REQUESTS} times at once, each from its own HTTP client, the
	 * {@code i}th to {@code paths.get(i % paths.size())}.
	 * @return the answers, in the order of the requests
	 */
	static List<HttpResponse<String>> sendTogether(String issuer, List<String> paths, Map<String, ?> form,
			String clientId, String clientSecret) {
		CyclicBarrier together = new CyclicBarrier(REQUESTS);
		ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
		try {
			List<Future<HttpResponse<String>>> sent = IntStream.range(0, REQUESTS).mapToObj((i) -> {
				HttpExchange client = HttpExchange.to(issuer);
				return threads.submit(() -> {
					together.await(30, TimeUnit.SECONDS);
					return client.postFormAsClient(paths.get(i % paths.size()), form, clientId, clientSecret);
				});
			}).toList();
			return sent.stream().map(ParallelTokenRequests::answer).toList();
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Sends the browser that these cookies sign in to {@code redemption}, an
	 * authorization request with a request URI, {@link #REQUESTS} times at once, and
	 * asserts that exactly one gets a code and every other the error page with
	 * {@code invalid_request_uri}.
	 * @return the redirect to the client of the one that got the code
	 */
	static URI onlyOneRedemptionGetsACode(String issuer, String redemption, String cookies) {
		CyclicBarrier together = new CyclicBarrier(REQUESTS);
		ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
		List<HttpResponse<String>> responses;
		try {
			List<Future<HttpResponse<String>>> sent = IntStream.range(0, REQUESTS).mapToObj((i) -> {
				HttpExchange tab = HttpExchange.to(issuer);
				return threads.submit(() -> {
					together.await(30, TimeUnit.SECONDS);
					return tab.get(redemption, "Accept", "text/html", "Cookie", cookies);
				});
			}).toList();
			responses = sent.stream().map(ParallelTokenRequests::answer).toList();
		}
		finally {
			threads.shutdownNow();
		}
		List<HttpResponse<String>> redirects = responses.stream()
			.filter((response) -> response.statusCode() == 302)
			.toList();
		assertThat(redirects).as("redemptions that got a code").hasSize(1);
		URI callback = HttpExchange.location(redirects.get(0));
		assertThat(HttpExchange.queryParameters(callback)).containsKey("code");
		assertThat(responses).filteredOn((response) -> response.statusCode() != 302)
			.hasSize(REQUESTS - 1)
			.allSatisfy((response) -> {
				assertThat(response.statusCode()).isEqualTo(400);
				assertThat(HtmlDocuments.text(response, "error-code")).contains("invalid_request_uri");
			});
		return callback;
	}

	/** A token as the server stores it. */
	static String storedHash(Object token) throws NoSuchAlgorithmException {
		return "sha256:" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(((String) token).getBytes(StandardCharsets.UTF_8)));
	}

	private static HttpResponse<String> answer(Future<HttpResponse<String>> sent) {
		try {
			return sent.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
