package dev.authserver.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class UserCodeGeneratorTests {

	@Test
	void nextWhenDrawnManyTimesThenEightConsonantsWithADashAndEveryLetterAboutAsOften() {
		UserCodeGenerator generator = new UserCodeGenerator();
		Map<Character, Integer> counts = new HashMap<>();
		int codes = 20_000;

		for (int i = 0; i < codes; i++) {
			String code = generator.next();
			assertThat(code).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
			code.replace("-", "").chars().forEach((letter) -> counts.merge((char) letter, 1, Integer::sum));
		}

		// 160,000 letters, 8,000 expected each; the framework's byte % 20 gives the
		// first 16 letters about 8,200 and the last four about 7,200.
		assertThat(counts).hasSize(20);
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).isBetween(7_600, 8_400));
	}

}
