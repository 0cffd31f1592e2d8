package dev.authserver.factors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The codes of RFC 6238's own test vectors (Appendix B, SHA-1, the last six of their
 * eight digits), the window of one step either side, and the base32 key apps read.
 */
class TotpTests {

	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@CsvSource({ "59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924", "2000000000, 279037" })
	void codeWhenRfc6238VectorThenTheRfcsCode(long unixTime, String code) {
		assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(unixTime)))).isEqualTo(code);
	}

	@Test
	void matchingStepWhenTheCodeIsOfANeighbouringStepThenThatStepAndNotFurther() {
		Instant now = Instant.ofEpochSecond(1234567890);
		long step = Totp.step(now);

		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now)).hasValue(step - 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now)).hasValue(step + 1);
		assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, "12345", now)).isEmpty();
		assertThat(Totp.matchingStep(RFC_SECRET, "abcdef", now)).isEmpty();
	}

	@Test
	void base32WhenRfc4648VectorThenItsText() {
		assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
		assertThat(Totp.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	}

	@Test
	void uriWhenBuiltThenTheKeyUriFormat() {
		assertThat(Totp.uri("Auth Server", "jo@example.com", RFC_SECRET))
			.isEqualTo("otpauth://totp/Auth%20Server:jo%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
					+ "&issuer=Auth%20Server&algorithm=SHA1&digits=6&period=30");
	}

}
