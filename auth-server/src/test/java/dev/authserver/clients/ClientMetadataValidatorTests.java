package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientMetadataValidatorTests {

	/** The default of {@code authserver.scopes.known}. */
	private static final Set<String> KNOWN_SCOPES = Set.of("openid", "profile", "email", "message.read",
			"message.write");

	private static final String CONFIDENTIAL = "client_secret_basic";

	private static final String PUBLIC = "none";

	@ParameterizedTest
	@ValueSource(strings = { CONFIDENTIAL, PUBLIC })
	void validateWhenHttpLocalhostIsAllowedThenAnyClientMayUseIt(String authMethod) {
		ClientMetadata validated = validator(true).validate(request("http://localhost:8080/cb", authMethod), Set.of());

		assertThat(validated.redirectUris()).containsExactly("http://localhost:8080/cb");
	}

	@ParameterizedTest
	@ValueSource(strings = { CONFIDENTIAL, PUBLIC })
	void validateWhenHttpLocalhostIsNotAllowedThenInvalidRedirectUri(String authMethod) {
		assertThatExceptionOfType(InvalidClientMetadataException.class)
			.isThrownBy(() -> validator(false).validate(request("http://localhost:8080/cb", authMethod), Set.of()))
			.extracting(InvalidClientMetadataException::getErrorCode)
			.isEqualTo("invalid_redirect_uri");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:53123/cb", "http://[::1]:4711/cb", "http://127.0.0.1/cb" })
	void validateWhenAPublicClientAsksForALoopbackHttpRedirectThenAccepted(String redirectUri) {
		ClientMetadata validated = validator(false).validate(request(redirectUri, PUBLIC), Set.of());

		assertThat(validated.redirectUris()).containsExactly(redirectUri);
	}

	@Test
	void validateWhenAConfidentialClientAsksForALoopbackHttpRedirectThenInvalidRedirectUri() {
		for (String redirectUri : List.of("http://127.0.0.1:53123/cb", "http://[::1]:4711/cb")) {
			assertThatExceptionOfType(InvalidClientMetadataException.class)
				.isThrownBy(() -> validator(false).validate(request(redirectUri, CONFIDENTIAL), Set.of()))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("invalid_redirect_uri");
					assertThat(ex.getField()).isEqualTo("redirect_uris");
					assertThat(ex.getMessage()).contains(redirectUri).contains("token_endpoint_auth_method none");
				});
		}
	}

	@Test
	void validateWhenInDevelopmentModeThenAConfidentialClientMayUseALoopbackHttpRedirect() {
		ClientMetadata validated = validator(true)
			.validate(request("http://127.0.0.1:8080/login/oauth2/code/demo", CONFIDENTIAL), Set.of());

		assertThat(validated.redirectUris()).containsExactly("http://127.0.0.1:8080/login/oauth2/code/demo");
	}

	private static ClientMetadataValidator validator(boolean allowHttpLocalhost) {
		return new ClientMetadataValidator(allowHttpLocalhost, KNOWN_SCOPES);
	}

	private static ClientMetadata request(String redirectUri, String authMethod) {
		return new ClientMetadata(List.of(redirectUri), null, List.of("authorization_code"), null, authMethod, "openid",
				null, null, null, null, null, null, null, null);
	}

}
