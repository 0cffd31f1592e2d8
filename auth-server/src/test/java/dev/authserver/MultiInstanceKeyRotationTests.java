package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.authserver.keys.SigningKeyRing;
import dev.authserver.keys.SigningKeyRotator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two auth-server instances on one real PostgreSQL database, as behind a load balancer:
 * they race to rotate, both on demand and on their schedules, and must end up with one
 * key ring that both sign with.
 */
class MultiInstanceKeyRotationTests {

	private static final String KEY_ENCRYPTION_KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Test
	void twoInstancesWhenTheyRotateTogetherThenExactlyOneKeyIsCreatedAndBothSignWithIt() throws Exception {
		String jdbcUrl = PostgresDatabases.create(postgres);
		// One after the other: Spring Boot's logging set-up is not made for two starts at
		// once in one JVM.
		try (ConfigurableApplicationContext first = start(jdbcUrl, KEY_ENCRYPTION_KEY);
				ConfigurableApplicationContext second = start(jdbcUrl, KEY_ENCRYPTION_KEY)) {
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			assertThat(countByState(jdbc)).containsExactly(Map.entry("ACTIVE", 1L));
			String firstKid = first.getBean(SigningKeyRing.class).activeKid();
			assertThat(second.getBean(SigningKeyRing.class).activeKid()).isEqualTo(firstKid);

			CyclicBarrier together = new CyclicBarrier(2);
			List<CompletableFuture<String>> rotations = List.of(first, second)
				.stream()
				.map((instance) -> CompletableFuture.supplyAsync(() -> {
					await(together);
					return instance.getBean(SigningKeyRotator.class).requestRotation().kid();
				}))
				.toList();
			List<String> nextKids = rotations.stream().map(CompletableFuture::join).toList();

			assertThat(nextKids.get(0)).as("both requests name the same next key").isEqualTo(nextKids.get(1));
			assertThat(countByState(jdbc)).containsOnly(Map.entry("ACTIVE", 1L), Map.entry("NEXT", 1L));

			// Pre-publication is 1.2 s here and each instance checks every 200 ms: both
			// must sign with the new key soon.
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> nextKids.get(0).equals(first.getBean(SigningKeyRing.class).activeKid())
						&& nextKids.get(0).equals(second.getBean(SigningKeyRing.class).activeKid()));
			assertThat(countByState(jdbc)).containsOnly(Map.entry("ACTIVE", 1L), Map.entry("RETIRED", 1L));
		}
	}

	@Test
	void startWhenKeyEncryptionKeyIsWrongThenFailsWithAClearMessageAndKeepsTheStoredKey() {
		String jdbcUrl = PostgresDatabases.create(postgres);
		String storedKid;
		try (ConfigurableApplicationContext original = start(jdbcUrl, KEY_ENCRYPTION_KEY)) {
			storedKid = original.getBean(SigningKeyRing.class).activeKid();
		}
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;

		assertThatException().isThrownBy(() -> start(jdbcUrl, Base64.getEncoder().encodeToString(otherKey)))
			.withStackTraceContaining("Cannot decrypt the private signing key kid=" + storedKid)
			.withStackTraceContaining("is not the one it was encrypted with");

		try (ConfigurableApplicationContext again = start(jdbcUrl, KEY_ENCRYPTION_KEY)) {
			assertThat(again.getBean(SigningKeyRing.class).activeKid()).isEqualTo(storedKid);
		}
	}

	private static ConfigurableApplicationContext start(String jdbcUrl, String keyEncryptionKey) {
		return new SpringApplicationBuilder(AuthServerApplication.class).run("--server.port=0",
				"--management.server.port=0",
				"--spring.security.oauth2.authorizationserver.issuer=http://localhost:9000",
				"--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--authserver.keys.encryption-key=" + keyEncryptionKey,
				"--authserver.keys.pre-publication=1200ms", "--authserver.keys.jwks-max-age=1s",
				"--authserver.keys.check-interval=200ms");
	}

	private static Map<String, Long> countByState(JdbcClient jdbc) {
		Map<String, Long> counts = new TreeMap<>();
		jdbc.sql("SELECT state, COUNT(*) FROM signing_key GROUP BY state").query((rs) -> {
			counts.put(rs.getString(1), rs.getLong(2));
		});
		return counts;
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
