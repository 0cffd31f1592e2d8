package dev.authserver.registration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.authserver.clients.ClientSecretEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client registration endpoint (RFC 7591) and client configuration endpoint (RFC 7592). Registration needs an
 * initial access token; reading, replacing and deleting a registration need the client's registration access token.
 * Both are bearer tokens (RFC 6750).
 * <p>
 * This endpoint is open to third parties on the internet: every input is checked, and errors are the RFCs' JSON.
 * Every answer is JSON whatever the {@code Accept} header asks for: the RFCs define no other representation, and
 * an answer that fails content negotiation becomes a 500.
 */
@RestController
@RequestMapping(ClientRegistrationController.ENDPOINT)
class ClientRegistrationController {

	static final String ENDPOINT = "/oauth2/register";

	private static final Logger log = LoggerFactory.getLogger(ClientRegistrationController.class);

	private final ClientRegistrationService registrations;

	private final AuthorizationServerSettings settings;

	private final ClientSecretEncoder clientSecretEncoder;

	private final JsonMapper jsonMapper;

	ClientRegistrationController(ClientRegistrationService registrations, AuthorizationServerSettings settings,
			ClientSecretEncoder clientSecretEncoder, JsonMapper jsonMapper) {
		this.registrations = registrations;
		this.settings = settings;
		this.clientSecretEncoder = clientSecretEncoder;
		this.jsonMapper = jsonMapper;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> register(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestBody Map<String, Object> body) {
		String initialAccessToken = bearerToken(authorization).orElseThrow(MissingBearerTokenException::new);
		ClientRegistrationService.Registration registration = this.registrations.register(initialAccessToken,
				metadata(body));
		Map<String, Object> response = information(registration.client(), registration.registrationAccessToken());
		if (registration.clientSecret() != null) {
			response.put("client_secret", registration.clientSecret());
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.LOCATION, clientUri(registration.client()))
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(response);
	}

	/** RFC 7592 §2.1. The answer carries a new registration access token; the old one stops working. */
	@GetMapping("/{clientId}")
	ResponseEntity<Map<String, Object>> read(@PathVariable String clientId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		RegisteredClient client = authorizedClient(clientId, authorization);
		return noStore(information(client, this.registrations.renewRegistrationAccessToken(client)));
	}

	/** RFC 7592 §2.2: a full replacement, checked like a registration. */
	@PutMapping(path = "/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> replace(@PathVariable String clientId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestBody Map<String, Object> body) {
		RegisteredClient client = authorizedClient(clientId, authorization);
		if (!clientId.equals(body.get("client_id"))) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"client_id must be present and match the registration (RFC 7592 §2.2)");
		}
		if (body.get("client_secret") instanceof String secret
				&& (client.getClientSecret() == null || !this.clientSecretEncoder.matches(secret, client.getClientSecret()))) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"client_secret does not match the current secret");
		}
		String newSecret = this.registrations.replace(client, metadata(body), this.registrations.allowedScopes(client));
		RegisteredClient updated = authorizedClientAfterUpdate(client);
		Map<String, Object> response = information(updated, this.registrations.renewRegistrationAccessToken(updated));
		if (newSecret != null) {
			response.put("client_secret", newSecret);
		}
		return noStore(response);
	}

	/** RFC 7592 §2.3: the client and every token it holds are gone. */
	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@PathVariable String clientId,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		this.registrations.delete(authorizedClient(clientId, authorization));
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(InvalidClientMetadataException.class)
	ResponseEntity<Map<String, Object>> invalidMetadata(InvalidClientMetadataException ex) {
		log.debug("Client registration refused: {}", ex.getErrorCode());
		return error(HttpStatus.BAD_REQUEST, ex.getErrorCode(), ex.getMessage(), null);
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, JacksonException.class, IllegalArgumentException.class })
	ResponseEntity<Map<String, Object>> unreadable(Exception ex) {
		return error(HttpStatus.BAD_REQUEST, InvalidClientMetadataException.INVALID_CLIENT_METADATA,
				"The request body is not a JSON object of client metadata", null);
	}

	@ExceptionHandler(MissingBearerTokenException.class)
	ResponseEntity<Map<String, Object>> missingToken() {
		return error(HttpStatus.UNAUTHORIZED, "invalid_request", "A bearer token is required", "Bearer");
	}

	@ExceptionHandler({ InvalidInitialAccessTokenException.class, InvalidRegistrationAccessTokenException.class })
	ResponseEntity<Map<String, Object>> invalidToken(RuntimeException ex) {
		log.debug("Client registration request with an invalid token refused");
		return error(HttpStatus.UNAUTHORIZED, "invalid_token", ex.getMessage(),
				"Bearer error=\"invalid_token\", error_description=\"" + ex.getMessage() + "\"");
	}

	private RegisteredClient authorizedClient(String clientId, String authorization) {
		String token = bearerToken(authorization).orElseThrow(MissingBearerTokenException::new);
		return this.registrations.findByRegistrationAccessToken(clientId, token)
			.orElseThrow(InvalidRegistrationAccessTokenException::new);
	}

	private RegisteredClient authorizedClientAfterUpdate(RegisteredClient client) {
		return this.registrations.findById(client.getId());
	}

	private ClientMetadata metadata(Map<String, Object> body) {
		return this.jsonMapper.convertValue(body, ClientMetadata.class);
	}

	private Map<String, Object> information(RegisteredClient client, String registrationAccessToken) {
		ClientMetadata metadata = ClientRegistrationService.metadataOf(client);
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("client_id", client.getClientId());
		response.put("client_id_issued_at", epochSeconds(client.getClientIdIssuedAt()));
		if (client.getClientSecret() != null) {
			// 0: the secret does not expire (RFC 7591 §3.2.1).
			response.put("client_secret_expires_at", 0);
		}
		response.putAll(this.jsonMapper.convertValue(metadata, Map.class));
		response.put("registration_access_token", registrationAccessToken);
		response.put("registration_client_uri", clientUri(client));
		return response;
	}

	private String clientUri(RegisteredClient client) {
		return this.settings.getIssuer() + ENDPOINT + "/" + client.getClientId();
	}

	private static long epochSeconds(Instant instant) {
		return (instant != null) ? instant.getEpochSecond() : 0;
	}

	private static Optional<String> bearerToken(String authorization) {
		if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
			return Optional.empty();
		}
		String token = authorization.substring(7).trim();
		return token.isEmpty() ? Optional.empty() : Optional.of(token);
	}

	private static ResponseEntity<Map<String, Object>> noStore(Map<String, Object> body) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(body);
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String description,
			String challenge) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store");
		if (challenge != null) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", code);
		body.put("error_description", description);
		return response.body(body);
	}

	/** No bearer token at all: RFC 6750 §3.1 answers 401 with a bare challenge. */
	private static class MissingBearerTokenException extends RuntimeException {

	}

	/** A registration access token that is not the current one of that client. */
	private static class InvalidRegistrationAccessTokenException extends RuntimeException {

		InvalidRegistrationAccessTokenException() {
			super("The registration access token is invalid for this client");
		}

	}

}
