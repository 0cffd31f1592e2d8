package dev.authserver.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import dev.authserver.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key lifecycle on the real schema (Flyway migrations on H2), with a clock the test
 * moves.
 */
@JdbcTest
class SigningKeyRotatorTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@Autowired
	JdbcClient jdbc;

	MutableClock clock;

	JdbcSigningKeyRepository repository;

	SigningKeyRotator rotator;

	Counter rotations;

	List<Object> events;

	@BeforeEach
	void emptyKeyRing() {
		this.jdbc.sql("DELETE FROM signing_key").update();
		this.clock = new MutableClock(START);
		this.repository = new JdbcSigningKeyRepository(this.jdbc, new KeyEncryptionCipher(aesKey(1), List.of()));
		this.rotations = new SimpleMeterRegistry().counter("authserver.keys.rotations");
		this.events = new ArrayList<>();
		this.rotator = new SigningKeyRotator(this.repository, TestKeyProperties.defaults(), this.clock, this.rotations,
				this.events::add);
	}

	@Test
	void advanceWhenDatabaseIsEmptyThenOneActiveKey() {
		this.rotator.advance();
		this.rotator.advance();

		assertThat(states()).containsOnlyKeys(SigningKeyState.ACTIVE);
		assertThat(states().get(SigningKeyState.ACTIVE)).hasSize(1);
	}

	@Test
	void advanceWhenRotationIsNearThenNextKeyIsPublishedOnePrePublicationWindowBeforeItSigns() {
		this.rotator.advance();
		this.clock.advance(TestKeyProperties.ROTATION_PERIOD.minus(TestKeyProperties.PRE_PUBLICATION).minusSeconds(1));
		this.rotator.advance();
		assertThat(states()).containsOnlyKeys(SigningKeyState.ACTIVE);

		this.clock.advance(Duration.ofSeconds(1));
		this.rotator.advance();

		SigningKey next = only(SigningKeyState.NEXT);
		assertThat(next.activatedAt()).isEqualTo(START.plus(TestKeyProperties.ROTATION_PERIOD));
		assertThat(only(SigningKeyState.ACTIVE).activatedAt()).isEqualTo(START);
	}

	@Test
	void advanceWhenNextKeyIsDueThenItSignsAndTheOldKeyRetires() {
		this.rotator.advance();
		String first = only(SigningKeyState.ACTIVE).kid();
		this.clock.advance(TestKeyProperties.ROTATION_PERIOD.minus(TestKeyProperties.PRE_PUBLICATION));
		this.rotator.advance();
		String second = only(SigningKeyState.NEXT).kid();

		this.clock.advance(TestKeyProperties.PRE_PUBLICATION);
		this.rotator.advance();

		assertThat(only(SigningKeyState.ACTIVE).kid()).isEqualTo(second);
		SigningKey retired = only(SigningKeyState.RETIRED);
		assertThat(retired.kid()).isEqualTo(first);
		assertThat(retired.retiredAt()).isEqualTo(START.plus(TestKeyProperties.ROTATION_PERIOD));
		assertThat(states()).doesNotContainKey(SigningKeyState.NEXT);
		assertThat(this.rotations.count()).isEqualTo(1);
		assertThat(this.events).containsExactly(new SigningKeyEvents.Rotated(second, first));
	}

	@Test
	void advanceWhenEveryTokenOfARetiredKeyHasExpiredThenTheKeyIsRemoved() {
		this.rotator.advance();
		this.rotator.requestRotation();
		this.clock.advance(TestKeyProperties.PRE_PUBLICATION);
		this.rotator.advance();
		String retired = only(SigningKeyState.RETIRED).kid();
		Duration retention = TestKeyProperties.MAX_TOKEN_LIFETIME.plus(TestKeyProperties.CLOCK_SKEW)
			.plus(TestKeyProperties.CHECK_INTERVAL);

		this.clock.advance(retention.minusSeconds(1));
		this.rotator.advance();
		assertThat(only(SigningKeyState.RETIRED).kid()).isEqualTo(retired);

		this.clock.advance(Duration.ofSeconds(1));
		this.rotator.advance();
		assertThat(states()).containsOnlyKeys(SigningKeyState.ACTIVE);
	}

	@Test
	void requestRotationWhenCalledThenNextKeySignsOnlyAfterThePrePublicationWindow() {
		this.rotator.advance();
		String first = only(SigningKeyState.ACTIVE).kid();

		SigningKeyView next = this.rotator.requestRotation();
		assertThat(next.state()).isEqualTo(SigningKeyState.NEXT);
		assertThat(next.activatedAt()).isEqualTo(START.plus(TestKeyProperties.PRE_PUBLICATION));
		assertThat(this.rotator.requestRotation().kid()).as("a second request changes nothing").isEqualTo(next.kid());

		this.clock.advance(TestKeyProperties.PRE_PUBLICATION.minusSeconds(1));
		this.rotator.advance();
		assertThat(only(SigningKeyState.ACTIVE).kid()).isEqualTo(first);

		this.clock.advance(Duration.ofSeconds(1));
		this.rotator.advance();
		assertThat(only(SigningKeyState.ACTIVE).kid()).isEqualTo(next.kid());
	}

	@Test
	void revokeWhenActiveKeyIsCompromisedThenAnotherKeySignsAtOnceAndTheRevokedOneIsNotPublished() {
		this.rotator.advance();
		String compromised = only(SigningKeyState.ACTIVE).kid();

		assertThat(this.rotator.revoke(compromised)).isTrue();

		assertThat(only(SigningKeyState.REVOKED).kid()).isEqualTo(compromised);
		String replacement = only(SigningKeyState.ACTIVE).kid();
		assertThat(replacement).isNotEqualTo(compromised);
		assertThat(this.events).containsExactly(new SigningKeyEvents.Revoked(compromised),
				new SigningKeyEvents.Rotated(replacement, null));
		SigningKeyRing ring = new SigningKeyRing(this.repository);
		ring.reload();
		assertThat(ring.activeKid()).isNotEqualTo(compromised);
		assertThat(ring.get(new JWKSelector(new JWKMatcher.Builder().build()), null)).extracting(JWK::getKeyID)
			.doesNotContain(compromised);
		assertThat(this.rotator.revoke(compromised)).as("already revoked").isFalse();
	}

	@Test
	void storedPrivateKeysWhenReadWithoutTheKeyEncryptionKeyThenRevealNoKeyMaterial() {
		this.rotator.advance();
		this.rotator.requestRotation();
		Map<String, byte[]> privateKeys = this.repository.findAll()
			.stream()
			.collect(Collectors.toMap(SigningKey::kid, (key) -> key.keyPair().getPrivate().getEncoded()));

		List<String[]> rows = this.jdbc.sql("SELECT kid, private_key_ciphertext FROM signing_key")
			.query((rs, rowNum) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();

		assertThat(rows).hasSize(2).allSatisfy((row) -> {
			byte[] stored = Base64.getDecoder().decode(row[1]);
			assertThat(indexOf(stored, privateKeys.get(row[0]))).isEqualTo(-1);
			assertThat(indexOf(stored, Arrays.copyOfRange(privateKeys.get(row[0]), 30, 62))).isEqualTo(-1);
			assertThatExceptionOfType(GeneralSecurityException.class)
				.isThrownBy(() -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(stored)));
		});
	}

	@Test
	void reencryptWhenKeyEncryptionKeyIsRotatedThenKeysMoveToTheNewOne() {
		this.rotator.advance();
		String kid = only(SigningKeyState.ACTIVE).kid();
		JdbcSigningKeyRepository rotatedKek = new JdbcSigningKeyRepository(this.jdbc,
				new KeyEncryptionCipher(aesKey(2), List.of(aesKey(1))));

		assertThat(rotatedKek.reencryptUnderCurrentKey()).isEqualTo(1);

		JdbcSigningKeyRepository newKekOnly = new JdbcSigningKeyRepository(this.jdbc,
				new KeyEncryptionCipher(aesKey(2), List.of()));
		assertThat(newKekOnly.findAll()).extracting(SigningKey::kid).containsExactly(kid);
		assertThat(rotatedKek.reencryptUnderCurrentKey()).isZero();
	}

	private Map<SigningKeyState, List<SigningKey>> states() {
		return this.repository.findAll().stream().collect(Collectors.groupingBy(SigningKey::state));
	}

	private SigningKey only(SigningKeyState state) {
		List<SigningKey> keys = states().getOrDefault(state, List.of());
		assertThat(keys).as("keys in state %s", state).hasSize(1);
		return keys.get(0);
	}

	private static SecretKey aesKey(int fill) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) fill);
		return new SecretKeySpec(key, "AES");
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
