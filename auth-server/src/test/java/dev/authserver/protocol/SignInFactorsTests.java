package dev.authserver.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What the factors of a sign-in say in tokens: RFC 8176 methods and the {@code acr}.
 */
class SignInFactorsTests {

	@Test
	void methodsWhenSignedInWithAPasskeyThenHardwareKeyAndUserAndPhishingResistant() {
		Authentication signIn = signIn(FactorGrantedAuthority.WEBAUTHN_AUTHORITY);

		assertThat(SignInFactors.methods(signIn)).containsExactly("hwk", "user");
		assertThat(SignInFactors.level(signIn)).hasValue("phr");
		assertThat(SignInFactors.ACR_VALUES).contains("phr");
	}

	@Test
	void methodsWhenSignedInWithAPasswordThenPwdAndThePasswordLevel() {
		Authentication signIn = signIn(FactorGrantedAuthority.PASSWORD_AUTHORITY);

		assertThat(SignInFactors.methods(signIn)).containsExactly("pwd");
		assertThat(SignInFactors.level(signIn)).hasValue(SignInFactors.PASSWORD_ACR);
	}

	@Test
	void methodsWhenNoFactorIsKnownThenNone() {
		Authentication signIn = UsernamePasswordAuthenticationToken.authenticated("ada", null,
				List.of(new SimpleGrantedAuthority("ROLE_USER")));

		assertThat(SignInFactors.methods(signIn)).isEmpty();
		assertThat(SignInFactors.level(signIn)).isEmpty();
	}

	private static Authentication signIn(String factor) {
		return UsernamePasswordAuthenticationToken.authenticated("ada", null,
				List.of(new SimpleGrantedAuthority("ROLE_USER"), FactorGrantedAuthority.fromAuthority(factor)));
	}

}
