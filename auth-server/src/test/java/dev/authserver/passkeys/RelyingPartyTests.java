package dev.authserver.passkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The relying party id and origins as the issuer and the settings give them, and the
 * values browsers would refuse, refused at start-up with the setting named.
 */
class RelyingPartyTests {

	@Test
	void ofWhenNothingIsSetThenTheIssuersHostAndOrigin() {
		RelyingParty relyingParty = RelyingParty.of(properties(null), "https://login.example.com/tenant");

		assertThat(relyingParty.id()).isEqualTo("login.example.com");
		assertThat(relyingParty.origins()).containsExactly("https://login.example.com");
		assertThat(relyingParty.name()).isEqualTo("Auth Server");
	}

	@Test
	void ofWhenTheIssuerHasAPortThenTheOriginKeepsIt() {
		assertThat(RelyingParty.of(properties(null), "http://localhost:9000").origins())
			.containsExactly("http://localhost:9000");
	}

	@Test
	void ofWhenTheIdIsARegistrableSuffixOfTheIssuersHostThenAccepted() {
		RelyingParty relyingParty = RelyingParty.of(new PasskeyProperties("Example.com", "Example",
				Set.of("https://app.example.com", "https://example.com")), "https://login.example.com");

		assertThat(relyingParty.id()).isEqualTo("example.com");
		assertThat(relyingParty.origins()).containsExactlyInAnyOrder("https://app.example.com", "https://example.com");
	}

	@Test
	void ofWhenTheIdIsAnotherSiteThenRefusedNamingTheSetting() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RelyingParty.of(properties("example.org"), "https://login.example.com"))
			.withMessageContaining("authserver.passkeys.rp-id 'example.org' is not the issuer's host "
					+ "'login.example.com' nor a registrable suffix of it");
	}

	@Test
	void ofWhenTheIdIsATopLevelDomainOrALookAlikeThenRefused() {
		assertThatIllegalStateException().isThrownBy(() -> RelyingParty.of(properties("com"), "https://example.com"));
		assertThatIllegalStateException()
			.isThrownBy(() -> RelyingParty.of(properties("ample.com"), "https://example.com"));
		assertThatIllegalStateException().isThrownBy(() -> RelyingParty.of(properties("0.1"), "https://10.0.0.1"));
	}

	@Test
	void ofWhenAnOriginIsOutsideTheIdThenRefusedNamingTheSetting() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> RelyingParty.of(new PasskeyProperties(null, "Auth Server", Set.of("https://evil.example")),
							"https://login.example.com"))
			.withMessageContaining("authserver.passkeys.allowed-origins: 'https://evil.example' is not on the relying "
					+ "party id 'login.example.com'");
	}

	@Test
	void ofWhenThereIsNoIssuerThenRefused() {
		assertThatIllegalStateException().isThrownBy(() -> RelyingParty.of(properties(null), null))
			.withMessageContaining("spring.security.oauth2.authorizationserver.issuer");
	}

	private static PasskeyProperties properties(String rpId) {
		return new PasskeyProperties(rpId, "Auth Server", Set.of());
	}

}
