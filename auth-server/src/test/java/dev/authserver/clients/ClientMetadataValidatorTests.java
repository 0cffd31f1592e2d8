package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
				field.equals("frontchannel_logout_uri") ? uri : null, null, null, null, null, null, null, null, null,
				null, null);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			tls_client_auth_subject_dn | CN=billing, O=Example Corp, C=DE
			tls_client_auth_san_dns    | billing.example.com
			tls_client_auth_san_dns    | *.billing.example.com
			tls_client_auth_san_uri    | spiffe://example.com/billing
			tls_client_auth_san_ip     | 192.0.2.10
			tls_client_auth_san_ip     | 2001:db8::10
			tls_client_auth_san_email  | billing@example.com
			""")
	void validateWhenATlsClientAuthClientNamesOneWellFormedValueThenKeptAndNoSecretIsIssued(String field,
			String value) {
		ClientMetadata validated = validator(false).validate(tlsClientAuth(field, value, true), Set.of());

		assertThat(tlsValues(validated)).containsEntry(field, value).hasSize(1);
		assertThat(validated.tlsClientCertificateBoundAccessTokens()).isTrue();
		assertThat(validated.usesSecret()).isFalse();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			tls_client_auth_subject_dn | not a distinguished name
			tls_client_auth_subject_dn | CN=a,,O=b
			tls_client_auth_san_dns    | billing example.com
			tls_client_auth_san_dns    | -billing.example.com
			tls_client_auth_san_uri    | /relative/path
			tls_client_auth_san_uri    | spiffe://exa mple.com
			tls_client_auth_san_ip     | billing.example.com
			tls_client_auth_san_ip     | 192.0.2.300
			tls_client_auth_san_ip     | fe80::1%eth0
			tls_client_auth_san_email  | billing.example.com
			tls_client_auth_san_email  | a@b@example.com
			""")
	void validateWhenATlsClientAuthValueIsMalformedThenInvalidClientMetadataNamingTheField(String field, String value) {
		assertThatExceptionOfType(InvalidClientMetadataException.class)
			.isThrownBy(() -> validator(false).validate(tlsClientAuth(field, value, false), Set.of()))
			.satisfies((ex) -> {
				assertThat(ex.getErrorCode()).isEqualTo("invalid_client_metadata");
				assertThat(ex.getField()).isEqualTo(field);
				assertThat(ex.getMessage()).startsWith(field + " is not");
			});
	}

	@Test
	void validateWhenATlsClientAuthClientNamesNoneOrTwoValuesThenInvalidClientMetadata() {
		ClientMetadata none = tlsClientAuth("tls_client_auth_subject_dn", null, false);
		ClientMetadata two = new ClientMetadata(null, null, List.of("client_credentials"), null, "tls_client_auth",
				"message.read", null, null, null, null, null, null, null, null, null, null, "CN=billing",
				"billing.example.com", null, null, null, null, null, null, null);

		for (ClientMetadata request : List.of(none, two)) {
			assertThatExceptionOfType(InvalidClientMetadataException.class)
				.isThrownBy(() -> validator(false).validate(request, Set.of()))
				.withMessageContaining("tls_client_auth needs exactly one of");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { CONFIDENTIAL, PUBLIC, "private_key_jwt", "self_signed_tls_client_auth" })
	void validateWhenAnotherMethodNamesACertificateValueThenInvalidClientMetadata(String authMethod) {
		boolean usesKeys = authMethod.equals("private_key_jwt") || authMethod.equals("self_signed_tls_client_auth");
		ClientMetadata request = new ClientMetadata(List.of("https://rp.example/cb"), null,
				List.of("authorization_code"), null, authMethod, "openid", null, null,
				usesKeys ? "https://keys.example/jwks" : null, null, null, null, null, null, null, null, null, null,
				"spiffe://example.com/x", null, null, null, null, null, null);

		assertThatExceptionOfType(InvalidClientMetadataException.class)
			.isThrownBy(() -> validator(false).validate(request, Set.of()))
			.satisfies((ex) -> {
				assertThat(ex.getField()).isEqualTo("tls_client_auth_san_uri");
				assertThat(ex.getMessage()).contains("only for token_endpoint_auth_method tls_client_auth");
			});
	}

	@Test
	void validateWhenASelfSignedClientNamesItsKeysThenAcceptedAndWithoutThemRefused() throws JOSEException {
		Map<String, Object> jwks = new RSAKeyGenerator(2048).generate().toPublicJWK().toJSONObject();
		ClientMetadata withJwks = selfSigned(null, Map.of("keys", List.of(jwks)));
		ClientMetadata withJwksUri = selfSigned("https://keys.example/device.json", null);

		assertThat(validator(false).validate(withJwks, Set.of()).jwks()).isNotNull();
		assertThat(validator(false).validate(withJwksUri, Set.of()).jwksUri())
			.isEqualTo("https://keys.example/device.json");
		assertThat(validator(false).validate(withJwksUri, Set.of()).usesSecret()).isFalse();
		assertThatExceptionOfType(InvalidClientMetadataException.class)
			.isThrownBy(() -> validator(false).validate(selfSigned(null, null), Set.of()))
			.withMessageContaining("self_signed_tls_client_auth needs exactly one of jwks_uri and jwks");
	}

	@Test
	void validateWhenAnyClientAsksForBoundTokensThenKeptAndOtherwiseLeftOut() {
		ClientMetadata bound = new ClientMetadata(List.of("http://127.0.0.1:5000/cb"), null,
				List.of("authorization_code"), null, PUBLIC, "openid", null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, true, null, null, null);

		assertThat(validator(false).validate(bound, Set.of()).tlsClientCertificateBoundAccessTokens()).isTrue();
		assertThat(validator(false).validate(request("https://rp.example/cb", CONFIDENTIAL), Set.of())
			.tlsClientCertificateBoundAccessTokens()).isNull();
	}

	private static ClientMetadata tlsClientAuth(String field, String value, boolean bound) {
		List<String> fields = ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS;
		String[] values = new String[fields.size()];
		values[fields.indexOf(field)] = value;
		return new ClientMetadata(null, null, List.of("client_credentials"), null, "tls_client_auth", "message.read",
				null, null, null, null, null, null, null, null, null, null, values[0], values[1], values[2], values[3],
				values[4], bound ? Boolean.TRUE : null, null, null, null);
	}

	private static Map<String, String> tlsValues(ClientMetadata metadata) {
		Map<String, String> values = new HashMap<>();
		List<String> given = Arrays.asList(metadata.tlsClientAuthSubjectDn(), metadata.tlsClientAuthSanDns(),
				metadata.tlsClientAuthSanUri(), metadata.tlsClientAuthSanIp(), metadata.tlsClientAuthSanEmail());
		for (int index = 0; index < given.size(); index++) {
			if (given.get(index) != null) {
				values.put(ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS.get(index), given.get(index));
			}
		}
		return values;
	}

	private static ClientMetadata selfSigned(String jwksUri, Map<String, Object> jwks) {
		return new ClientMetadata(null, null, List.of("client_credentials"), null, "self_signed_tls_client_auth",
				"message.read", null, null, jwksUri, jwks, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null);
	}

	private static ClientMetadata withLogoutUri(String uri, boolean backChannel) {
		return new ClientMetadata(List.of("https://rp.example/cb"), null, List.of("authorization_code"), null,
				CONFIDENTIAL, "openid", null, null, null, null, null, null, backChannel ? uri : null, null,
				backChannel ? null : uri, null, null, null, null, null, null, null, null, null, null);
	}

	private static ClientMetadataValidator validator(boolean allowHttpLocalhost) {
		return new ClientMetadataValidator(allowHttpLocalhost, KNOWN_SCOPES);
	}

	private static ClientMetadata request(String redirectUri, String authMethod) {
		return new ClientMetadata(List.of(redirectUri), null, List.of("authorization_code"), null, authMethod, "openid",
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
	}

}
