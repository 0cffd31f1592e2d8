package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationTextTests {

	@Test
	void formatWhenDurationIsAWholeNumberOfALargerUnitThenUsesThatUnit() {
		assertThat(DurationText.format(Duration.ofDays(30))).isEqualTo("30d");
		assertThat(DurationText.format(Duration.ofHours(36))).isEqualTo("36h");
		assertThat(DurationText.format(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
	}

	@Test
	void parseWhenNumberAndUnitThenDuration() {
		assertThat(DurationText.parse("15m")).contains(Duration.ofMinutes(15));
		assertThat(DurationText.parse(" 8 H ")).contains(Duration.ofHours(8));
		assertThat(DurationText.parse("30d")).contains(Duration.ofDays(30));
		assertThat(DurationText.parse("45s")).contains(Duration.ofSeconds(45));
	}

	@Test
	void parseWhenNotANumberAndAUnitThenEmpty() {
		assertThat(DurationText.parse("a month")).isEmpty();
		assertThat(DurationText.parse("15")).isEmpty();
		assertThat(DurationText.parse("-5m")).isEmpty();
		assertThat(DurationText.parse("PT15M")).isEmpty();
		assertThat(DurationText.parse(null)).isEmpty();
	}

	@Test
	void formatThenParseWhenAnyLifetimeThenSameDuration() {
		for (Duration duration : new Duration[] { Duration.ofMinutes(1), Duration.ofHours(24), Duration.ofDays(90),
				Duration.ofSeconds(61) }) {
			assertThat(DurationText.parse(DurationText.format(duration))).contains(duration);
		}
	}

}
