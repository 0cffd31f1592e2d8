package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ClientSecretEncoderTests {

	private static final String SECRET = "a-client-secret-of-enough-length";

	private final ClientSecretEncoder encoder = TestClientSecretEncoders.withTestKey();

	@Test
	void encodeWhenTheSameSecretIsHashedTwiceThenTheHashesDifferAndBothMatch() {
		String first = this.encoder.encode(SECRET);
		String second = this.encoder.encode(SECRET);

		assertThat(first).isNotEqualTo(second).startsWith("{sha256}").matches("\\{sha256}[0-9a-f]{32}\\$[0-9a-f]{64}");
		assertThat(this.encoder.matches(SECRET, first)).isTrue();
		assertThat(this.encoder.matches(SECRET, second)).isTrue();
		assertThat(this.encoder.upgradeEncoding(first)).isFalse();
	}

	@Test
	void matchesWhenTheSecretIsWrongThenFalse() {
		assertThat(this.encoder.matches("another-secret", this.encoder.encode(SECRET))).isFalse();
	}

	@Test
	void matchesWhenStoredUnsaltedThenMatchesAndAsksToBeRehashed() throws Exception {
		String unsalted = "{sha256}" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.UTF_8)));

		assertThat(this.encoder.matches(SECRET, unsalted)).isTrue();
		assertThat(this.encoder.matches("another-secret", unsalted)).isFalse();
		assertThat(this.encoder.upgradeEncoding(unsalted)).isTrue();
	}

	@Test
	void matchesWhenStoredWithBcryptThenMatchesAndAsksToBeRehashed() {
		String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SECRET);

		assertThat(this.encoder.matches(SECRET, bcrypt)).isTrue();
		assertThat(this.encoder.upgradeEncoding(bcrypt)).isTrue();
	}

	@Test
	void matchesWhenTheStoredHashIsDamagedThenFalse() {
		assertThat(this.encoder.matches(SECRET, "{sha256}not-hex$zz")).isFalse();
		assertThat(this.encoder.matches(SECRET, null)).isFalse();
	}

	@Test
	void canReadWhenThePrefixIsKnownThenTrue() {
		assertThat(this.encoder.canRead(this.encoder.encode(SECRET))).isTrue();
		assertThat(this.encoder.canRead("{bcrypt}$2a$10$abc")).isTrue();
		assertThat(this.encoder.canRead("{pbkdf2}abc")).isFalse();
		assertThat(this.encoder.canRead("{noop}abc")).isFalse();
		assertThat(this.encoder.canRead("{unclosed")).isFalse();
	}

}
