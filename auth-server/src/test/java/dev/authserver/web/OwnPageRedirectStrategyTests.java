package dev.authserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnPageRedirectStrategyTests {

	@ParameterizedTest
	@CsvSource(delimiter = ' ',
			value = { "http://evil.example/oauth2/authorize?a=1&continue /oauth2/authorize?a=1&continue",
					"https://localhost:9000/account/apps /account/apps", "/admin/keys /admin/keys",
					"http://localhost:9000 /", "http://localhost:9000//evil.example/x /", "javascript:alert(1) /",
					"http://[bad /" })
	void pathAndQueryWhenGivenASavedRequestUrlThenKeepsNoHost(String url, String expected) {
		assertThat(OwnPageRedirectStrategy.pathAndQuery(url)).isEqualTo(expected);
	}

}
