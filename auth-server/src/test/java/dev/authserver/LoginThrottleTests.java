package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import dev.authserver.users.JdbcLoginThrottle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Brute-force protection seen from the login form and the admin API: after a few wrong
 * passwords an account name is locked for a while, even for the right password, with the
 * same answer and the same password check as any wrong password, whether or not the
 * account exists; but not for the right password from an address it signed in from
 * before. The test client is on this host, a trusted proxy, so its
 * {@code X-Forwarded-For} stands for callers elsewhere.
 */
@TunedServerTest
class LoginThrottleTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	TestUsers users;

	@Autowired
	JdbcLoginThrottle throttle;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CountingPasswordEncoder passwordEncoder;

	String username;

	@BeforeEach
	void createUser() {
		this.username = this.users.create();
	}

	@AfterEach
	void clearLocks() {
		this.jdbc.sql("DELETE FROM login_throttle").update();
	}

	@Test
	void signInWhenTheAccountFailedTooOftenThenEvenTheRightPasswordIsRefusedUntilTheLockEnds() {
		for (int i = 0; i < 3; i++) {
			assertThat(ConsoleSession.canSignIn(this.issuer, this.username, "wrong-" + i)).isFalse();
		}

		assertThat(ConsoleSession.canSignIn(this.issuer, this.username, TestUsers.PASSWORD)).as("locked").isFalse();
		assertThat(this.throttle.locks()).singleElement().satisfies((lock) -> {
			assertThat(lock.name()).isEqualTo(this.username);
			assertThat(lock.address()).isFalse();
			assertThat(lock.failures()).isEqualTo(3);
		});
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> ConsoleSession.canSignIn(this.issuer, this.username, TestUsers.PASSWORD));
		assertThat(this.throttle.locks()).as("a successful sign-in starts the account afresh").isEmpty();
	}

	@Test
	void signInWhenLockedThenTheAnswerIsTheSameAsForAWrongPasswordAndForAnAccountThatDoesNotExist() {
		String nobody = "nobody-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			ConsoleSession.canSignIn(this.issuer, this.username, "wrong-" + i);
			ConsoleSession.canSignIn(this.issuer, nobody, "wrong-" + i);
		}

		HttpResponse<String> lockedExisting = signIn(this.username, TestUsers.PASSWORD);
		HttpResponse<String> lockedMissing = signIn(nobody, "anything");
		HttpResponse<String> wrongPassword = signIn(TestClients.CONFIGURED_USER, "wrong");

		assertThat(lockedExisting.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(lockedExisting)).isEqualTo(HttpExchange.location(lockedMissing))
			.isEqualTo(HttpExchange.location(wrongPassword));
		assertThat(this.throttle.locks()).extracting(JdbcLoginThrottle.Lock::name)
			.containsExactlyInAnyOrder(this.username, nobody);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql(
					"SELECT COUNT(*) FROM audit_event WHERE type = 'LOGIN' AND actor = ? AND detail = 'LockedException'")
				.param(this.username)
				.query(Long.class)
				.single() == 1);
	}

	@Test
	void adminApiWhenTheAdminAccountIsLockedThenHttpBasicIsRefusedToo() {
		for (int i = 0; i < 3; i++) {
			ConsoleSession.canSignIn(this.issuer, TestClients.ADMIN, "wrong-" + i);
		}

		HttpResponse<String> keys = HttpExchange.to(this.issuer)
			.get("/admin/api/keys", "Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(
						(TestClients.ADMIN + ":" + TestClients.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));

		assertThat(keys.statusCode()).isEqualTo(401);
		assertThat(this.throttle.clear(TestClients.ADMIN)).as("an admin clears the lock").isTrue();
		assertThat(ConsoleSession.canSignIn(this.issuer, TestClients.ADMIN, TestClients.ADMIN_PASSWORD)).isTrue();
	}

	@Test
	void consoleWhenAnAccountIsLockedThenTheAdminSeesAndClearsTheLock() {
		for (int i = 0; i < 3; i++) {
			ConsoleSession.canSignIn(this.issuer, this.username, "wrong-" + i);
		}
		ConsoleSession admin = ConsoleSession.signInAsAdmin(this.issuer);

		assertThat(admin.browse("/admin/users").body()).contains("id=\"clear-account-" + this.username + "\"");
		HttpResponse<String> userPage = admin.browse("/admin/users/" + this.username);
		assertThat(ConsoleSession.requiredText(userPage, "lock-failures")).isEqualTo("3");
		HttpResponse<String> cleared = admin.submitAndFollow(userPage,
				"/admin/users/" + this.username + "/sign-in-lock/clear", Map.of());

		assertThat(ConsoleSession.requiredText(cleared, "notice"))
			.isEqualTo("Sign-in lock of " + this.username + " cleared.");
		assertThat(cleared.body()).doesNotContain("id=\"sign-in-lock\"");
		assertThat(ConsoleSession.canSignIn(this.issuer, this.username, TestUsers.PASSWORD)).isTrue();
	}

	@Test
	void signInWhenTheNameIsLongerThanAnyAccountsThenAnsweredLikeAWrongPasswordAndCounted() {
		String longName = "n".repeat(3_000);

		HttpResponse<String> response = signIn(longName, "anything");

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(HttpExchange.location(response).toString()).endsWith("/login?error");
		assertThat(this.jdbc.sql("SELECT failures FROM login_throttle WHERE throttle_key = ?")
			.param("account:" + longName.substring(0, 200))
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void signInWhenFailuresFromOtherAddressesLockedTheAccountThenTheRightPasswordPassesFromAnAddressItSignedInFromBefore() {
		assertThat(ConsoleSession.canSignIn(this.issuer, this.username, TestUsers.PASSWORD)).as("from 127.0.0.1")
			.isTrue();
		for (int i = 0; i < 5; i++) {
			assertThat(signsIn(this.username, "wrong-" + i, "203.0.113." + (10 + i))).isFalse();
		}
		assertThat(this.throttle.lockOf(this.username)).as("the account name is locked").isPresent();

		assertThat(signsIn(this.username, TestUsers.PASSWORD, "198.51.100.20")).as("from an unknown address").isFalse();
		assertThat(ConsoleSession.canSignIn(this.issuer, this.username, TestUsers.PASSWORD))
			.as("from the address it signed in from before")
			.isTrue();
		// The two wrong passwords after the lock, and the right one from the unknown
		// address.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.sql(
					"SELECT COUNT(*) FROM audit_event WHERE type = 'LOGIN' AND actor = ? AND detail = 'LockedException'")
				.param(this.username)
				.query(Long.class)
				.single() == 3);
	}

	@Test
	void signInWhenLockedThenThePasswordIsCheckedAsForAnyWrongPassword() {
		String nobody = "nobody-" + UUID.randomUUID();
		String unlocked = this.users.create();
		for (int i = 0; i < 4; i++) {
			signIn(this.username, "wrong-" + i);
			signIn(nobody, "wrong-" + i);
		}
		assertThat(this.throttle.lockOf(this.username)).isPresent();
		assertThat(this.throttle.lockOf(nobody)).isPresent();

		assertThat(this.passwordEncoder.checksDuring(() -> signIn(this.username, "wrong"))).as("locked, wrong password")
			.isEqualTo(1);
		assertThat(this.passwordEncoder.checksDuring(() -> signIn(this.username, TestUsers.PASSWORD)))
			.as("locked, right password")
			.isEqualTo(1);
		assertThat(this.passwordEncoder.checksDuring(() -> signIn(nobody, "wrong"))).as("locked, no such account")
			.isEqualTo(1);
		assertThat(this.passwordEncoder.checksDuring(() -> signIn(unlocked, "wrong"))).as("wrong password")
			.isEqualTo(1);
	}

	@Test
	void signInWhenAnUntrustedPeerForgesXForwardedForThenTheThrottleCountsThePeer() {
		// The proxy on this host appends the address of its peer; what the peer wrote
		// before it is the peer's own claim.
		signIn(this.username, "wrong", "X-Forwarded-For", "198.51.100.66, 203.0.113.77");

		assertThat(addressFailures("203.0.113.77")).isEqualTo(1);
		assertThat(addressFailures("198.51.100.66")).isZero();
	}

	private int addressFailures(String address) {
		return this.jdbc.sql("SELECT failures FROM login_throttle WHERE throttle_key = ?")
			.param("address:" + address)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/** Whether the login form accepts the credentials from a caller at this address. */
	private boolean signsIn(String username, String password, String address) {
		HttpResponse<String> response = signIn(username, password, "X-Forwarded-For", address);
		assertThat(response.statusCode()).isEqualTo(302);
		return HttpExchange.location(response).getQuery() == null;
	}

	private HttpResponse<String> signIn(String username, String password, String... headers) {
		HttpExchange browser = HttpExchange.to(this.issuer);
		HttpResponse<String> loginPage = browser.browse("/login");
		return browser.postForm("/login",
				Map.of("username", username, "password", password, "_csrf", HttpExchange.csrfToken(loginPage)),
				headers);
	}

}
