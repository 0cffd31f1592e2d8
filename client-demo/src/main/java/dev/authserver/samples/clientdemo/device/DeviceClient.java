package dev.authserver.samples.clientdemo.device;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * What a device does over HTTP, as a third party would: it finds the endpoints in the
 * auth-server's metadata (RFC 8414), asks for a code as a public client (no secret, as a
 * TV or command-line app keeps none), polls the token endpoint, and checks the access
 * token's signature against the published keys.
 */
class DeviceClient {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final RestClient http;

	private final String issuer;

	private final String clientId;

	private volatile Map<String, Object> metadata;

	private volatile JwtDecoder accessTokens;

	DeviceClient(RestClient http, String issuer, String clientId) {
		this.http = http;
		this.issuer = issuer;
		this.clientId = clientId;
	}

	/** RFC 8628 §3.1: the device authorization request. */
	DeviceFlow start(String scope) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", this.clientId);
		form.add("scope", scope);
		Map<String, Object> response = post(endpoint("device_authorization_endpoint"), form);
		if (!response.containsKey("device_code")) {
			throw new IllegalStateException(
					"The auth-server refused the device authorization: " + response.get("error"));
		}
		long interval = ((Number) response.getOrDefault("interval", 5)).longValue();
		long expiresIn = ((Number) response.get("expires_in")).longValue();
		return new DeviceFlow((String) response.get("device_code"), (String) response.get("user_code"),
				(String) response.get("verification_uri"), (String) response.get("verification_uri_complete"),
				Duration.ofSeconds(interval), Instant.now().plusSeconds(expiresIn), null, null, null);
	}

	/** RFC 8628 §3.4: one poll, the token response or its error as it came. */
	Map<String, Object> poll(DeviceFlow flow) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
		form.add("device_code", flow.deviceCode());
		form.add("client_id", this.clientId);
		return post(endpoint("token_endpoint"), form);
	}

	/** The access token's claims, once its signature and issuer are checked. */
	Map<String, Object> claims(String accessToken) {
		if (this.accessTokens == null) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(endpoint("jwks_uri")).build();
			// RFC 9068 §2.1: the auth-server's access tokens are typed at+jwt. They are
			// meant for the APIs they name in aud, not the device, which only shows them.
			decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
				.issuer(this.issuer)
				.clientId(this.clientId)
				.validators((validators) -> validators.put(JwtClaimNames.AUD,
						new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null && !aud.isEmpty())))
				.build());
			this.accessTokens = decoder;
		}
		Jwt jwt = this.accessTokens.decode(accessToken);
		return jwt.getClaims();
	}

	private Map<String, Object> post(String uri, MultiValueMap<String, String> form) {
		return this.http.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			// The device's errors (authorization_pending, slow_down, ...) are answers
			// too.
			.onStatus(HttpStatusCode::is4xxClientError, (request, response) -> {
			})
			.body(JSON);
	}

	private String endpoint(String name) {
		if (this.metadata == null) {
			this.metadata = this.http.get()
				.uri(this.issuer + "/.well-known/oauth-authorization-server")
				.retrieve()
				.body(JSON);
		}
		return (String) this.metadata.get(name);
	}

}
