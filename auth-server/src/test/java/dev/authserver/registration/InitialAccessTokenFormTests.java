package dev.authserver.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

class InitialAccessTokenFormTests {

	@Test
	void maxUsesAllowedWhenSingleLimitedOrUnlimitedThenOneThatManyOrNull() {
		InitialAccessTokenForm form = new InitialAccessTokenForm();
		form.setMaxUses(7);

		form.setUsage("single");
		assertThat(form.maxUsesAllowed()).isEqualTo(1);
		form.setUsage("limited");
		assertThat(form.maxUsesAllowed()).isEqualTo(7);
		form.setUsage("unlimited");
		assertThat(form.maxUsesAllowed()).isNull();
	}

	@Test
	void validateWhenLimitedWithoutANumberThenMaxUsesIsRejected() {
		InitialAccessTokenForm form = new InitialAccessTokenForm();
		form.setUsage("limited");

		Errors errors = validate(form);

		assertThat(errors.getFieldError("maxUses")).isNotNull();
	}

	@Test
	void validateWhenLongerThanAYearThenExpiresInIsRejected() {
		InitialAccessTokenForm form = new InitialAccessTokenForm();
		form.setExpiresIn(366);
		form.setExpiresInUnit("days");

		assertThat(validate(form).getFieldError("expiresIn")).isNotNull();

		form.setExpiresIn(365);
		assertThat(validate(form).hasErrors()).isFalse();
		assertThat(form.lifetime()).isEqualTo(Duration.ofDays(365));
	}

	@Test
	void validateWhenAScopeIsNotAScopeTokenThenAllowedScopesIsRejected() {
		InitialAccessTokenForm form = new InitialAccessTokenForm();
		form.setAllowedScopes("openid  message.read\tbad\\scope");

		Errors errors = validate(form);

		assertThat(errors.getFieldError("allowedScopes").getDefaultMessage()).startsWith("bad\\scope");
	}

	@Test
	void scopesWhenTypedWithExtraSpacesThenEachScopeOnce() {
		InitialAccessTokenForm form = new InitialAccessTokenForm();
		form.setAllowedScopes("  openid   profile openid ");

		assertThat(form.scopes()).containsExactly("openid", "profile");
	}

	private static Errors validate(InitialAccessTokenForm form) {
		Errors errors = new BeanPropertyBindingResult(form, "form");
		form.validate(errors);
		return errors;
	}

}
