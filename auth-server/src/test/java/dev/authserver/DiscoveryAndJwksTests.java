package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * The discovery documents and the JWKS, as a client or resource server reads them.
 */
@AuthServerTest
@SuppressWarnings("unchecked")
class DiscoveryAndJwksTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Test
	void openIdConfigurationWhenRequestedThenIssuerIsExactAndOnlyS256IsOffered() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/.well-known/openid-configuration");

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = HttpExchange.json(response);
		assertThat(metadata.get("issuer")).isEqualTo(this.issuer);
		assertThat(metadata.get("jwks_uri")).isEqualTo(this.issuer + "/oauth2/jwks");
		assertThat(metadata.get("token_endpoint")).isEqualTo(this.issuer + "/oauth2/token");
		assertThat(metadata.get("userinfo_endpoint")).isEqualTo(this.issuer + "/userinfo");
		assertThat(metadata.get("end_session_endpoint")).isEqualTo(this.issuer + "/connect/logout");
		assertThat(metadata.get("code_challenge_methods_supported")).isEqualTo(List.of("S256"));
		assertThat(metadata.get("id_token_signing_alg_values_supported")).isEqualTo(List.of("RS256"));
		assertThat(metadata.get("response_types_supported")).isEqualTo(List.of("code"));
		assertThat(metadata.get("registration_endpoint")).isEqualTo(this.issuer + "/oauth2/register");
		assertThat(metadata.get("authorization_response_iss_parameter_supported")).isEqualTo(true);
		assertThat(metadata.get("response_modes_supported")).isEqualTo(List.of("query", "form_post"));
		assertThat(metadata).containsEntry("request_parameter_supported", true)
			.containsEntry("request_uri_parameter_supported", false)
			.containsEntry("pushed_authorization_request_endpoint", this.issuer + "/oauth2/par")
			.containsEntry("require_pushed_authorization_requests", false)
			.containsEntry("claims_parameter_supported", true);
	}

	@Test
	void authorizationServerMetadataWhenRequestedThenIssuerIsExactAndEndpointsAreListed() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/.well-known/oauth-authorization-server");

		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> metadata = HttpExchange.json(response);
		assertThat(metadata.get("issuer")).isEqualTo(this.issuer);
		assertThat(metadata.get("code_challenge_methods_supported")).isEqualTo(List.of("S256"));
		assertThat(metadata.get("introspection_endpoint")).isEqualTo(this.issuer + "/oauth2/introspect");
		assertThat(metadata.get("revocation_endpoint")).isEqualTo(this.issuer + "/oauth2/revoke");
		assertThat(metadata.get("registration_endpoint")).isEqualTo(this.issuer + "/oauth2/register");
		assertThat(metadata.get("authorization_response_iss_parameter_supported")).isEqualTo(true);
		assertThat(metadata.get("response_modes_supported")).isEqualTo(List.of("query", "form_post"));
		assertThat(metadata).containsEntry("request_parameter_supported", true)
			.containsEntry("request_uri_parameter_supported", false)
			.containsEntry("pushed_authorization_request_endpoint", this.issuer + "/oauth2/par")
			.containsEntry("require_pushed_authorization_requests", false)
			.containsEntry("claims_parameter_supported", true);
		assertThat((List<Object>) metadata.get("dpop_signing_alg_values_supported")).contains("ES256", "RS256");
		assertThat((List<Object>) metadata.get("grant_types_supported")).contains("authorization_code",
				"client_credentials", "refresh_token");
	}

	@Test
	void jwksWhenRevalidatedWithItsEtagThenNotModified() {
		HttpExchange http = HttpExchange.to(this.issuer);
		String etag = http.get("/oauth2/jwks").headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> revalidation = http.get("/oauth2/jwks", "If-None-Match", etag);

		assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
		assertThat(revalidation.statusCode()).isEqualTo(304);
		assertThat(revalidation.body()).isEmpty();
		assertThat(http.get("/oauth2/jwks", "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
	}

	@Test
	void jwksWhenRequestedThenPublishesRsaSigningKeysWithoutPrivateMembers() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/oauth2/jwks");

		assertThat(response.statusCode()).isEqualTo(200);
		// Cacheable for as long as a new key is published before it signs
		// (authserver.keys.jwks-max-age).
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		List<?> keys = (List<?>) HttpExchange.json(response).get("keys");
		assertThat(keys).isNotEmpty();
		for (Object key : keys) {
			Map<String, Object> jwk = (Map<String, Object>) key;
			assertThat(jwk.get("kty")).isEqualTo("RSA");
			assertThat(jwk.get("alg")).isEqualTo("RS256");
			assertThat(jwk.get("use")).isEqualTo("sig");
			assertThat((String) jwk.get("kid")).isNotBlank();
			assertThat(jwk.keySet()).doesNotContainAnyElementsOf(List.of("d", "p", "q", "dp", "dq", "qi", "oth"));
		}
	}

}
