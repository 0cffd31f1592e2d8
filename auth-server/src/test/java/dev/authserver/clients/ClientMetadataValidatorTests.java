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

	@ParameterizedTest
	@ValueSource(strings = { "http://rp.example/logout", "https://rp.example/logout#frag", "/logout",
			"https://user@rp.example/logout" })
	void validateWhenALogoutUriIsNotAnHttpsUrlWithoutFragmentThenInvalidClientMetadata(String uri) {
		for (boolean backChannel : List.of(true, false)) {
			assertThatExceptionOfType(InvalidClientMetadataException.class)
				.isThrownBy(() -> validator(false).validate(withLogoutUri(uri, backChannel), Set.of()))
				.satisfies((ex) -> {
					assertThat(ex.getErrorCode()).isEqualTo("invalid_client_metadata");
					assertThat(ex.getField())
						.isEqualTo(backChannel ? "backchannel_logout_uri" : "frontchannel_logout_uri");
				});
		}
	}

	@Test
	void validateWhenLogoutUrisAreHttpsOrLoopbackInDevelopmentModeThenKeptWithSessionRequiredDefaultingToFalse() {
		ClientMetadata https = validator(false).validate(withLogoutUri("https://rp.example/logout?x=1", true),
				Set.of());
		ClientMetadata loopback = validator(true).validate(withLogoutUri("http://127.0.0.1:9999/logout", false),
				Set.of());

		assertThat(https.backchannelLogoutUri()).isEqualTo("https://rp.example/logout?x=1");
		assertThat(https.backchannelLogoutSessionRequired()).isFalse();
		assertThat(https.frontchannelLogoutSessionRequired()).as("no front-channel URI").isNull();
		assertThat(loopback.frontchannelLogoutUri()).isEqualTo("http://127.0.0.1:9999/logout");
		assertThat(loopback.frontchannelLogoutSessionRequired()).isFalse();
	}

	/**
	 * Every URL this server calls or has a browser load follows one rule: https, or plain
	 * http on this machine (any spelling of loopback) in development mode only.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "jwks_uri", "backchannel_logout_uri", "frontchannel_logout_uri" })
	void validateWhenTheServerCallsTheUriThenEveryFieldFollowsTheSameRule(String field) {
		for (String local : List.of("http://localhost:9/x", "http://127.0.0.1:9/x", "http://[::1]:9/x")) {
			ClientMetadata validated = validator(true).validate(withCalledUri(field, local), Set.of());
			assertThat(List.of(String.valueOf(validated.jwksUri()), String.valueOf(validated.backchannelLogoutUri()),
					String.valueOf(validated.frontchannelLogoutUri())))
				.as(local)
				.contains(local);
			assertThatExceptionOfType(InvalidClientMetadataException.class).as(local)
				.isThrownBy(() -> validator(false).validate(withCalledUri(field, local), Set.of()))
				.withMessage(field + " must use https");
		}
		for (String refused : List.of("http://rp.example/x", "https://user@rp.example/x", "https://rp.example/x#f",
				"/x")) {
			assertThatExceptionOfType(InvalidClientMetadataException.class).as(refused)
				.isThrownBy(() -> validator(true).validate(withCalledUri(field, refused), Set.of()))
				.extracting(InvalidClientMetadataException::getField)
				.isEqualTo(field);
		}
	}

	private static ClientMetadata withCalledUri(String field, String uri) {
		boolean jwksUri = field.equals("jwks_uri");
		return new ClientMetadata(List.of("https://rp.example/cb"), null, List.of("authorization_code"), null,
				jwksUri ? "private_key_jwt" : CONFIDENTIAL, "openid", null, null, jwksUri ? uri : null, null, null,
				null, field.equals("backchannel_logout_uri") ? uri : null, null,
				field.equals("frontchannel_logout_uri") ? uri : null, null, null, null, null);
	}

	private static ClientMetadata withLogoutUri(String uri, boolean backChannel) {
		return new ClientMetadata(List.of("https://rp.example/cb"), null, List.of("authorization_code"), null,
				CONFIDENTIAL, "openid", null, null, null, null, null, null, backChannel ? uri : null, null,
				backChannel ? null : uri, null, null, null, null);
	}

	private static ClientMetadataValidator validator(boolean allowHttpLocalhost) {
		return new ClientMetadataValidator(allowHttpLocalhost, KNOWN_SCOPES);
	}

	private static ClientMetadata request(String redirectUri, String authMethod) {
		return new ClientMetadata(List.of(redirectUri), null, List.of("authorization_code"), null, authMethod, "openid",
				null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

}
