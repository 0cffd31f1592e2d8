package dev.authserver.registration;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.authserver.clients.ClientMetadata;
import dev.authserver.clients.ClientMetadataMapping;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.clients.InvalidClientMetadataException;
import dev.authserver.protocol.OAuth2ErrorResponses;
import dev.authserver.protocol.ServerMetadata;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The client registration endpoint (RFC 7591) and client configuration endpoint (RFC
 * 7592). Registration needs an initial access token; reading, replacing and deleting a
 * registration need the client's registration access token. Both are bearer tokens (RFC
 * 6750), checked before this controller by {@link RegistrationBearerTokens}.
 * <p>
 * This endpoint is open to third parties on the internet: every input is checked, and
 * errors are the RFCs' JSON. Every answer is JSON whatever the {@code Accept} header asks
 * for: the RFCs define no other representation, and an answer that fails content
 * negotiation becomes a 500.
 */
@RestController
@RequestMapping(ClientRegistrationController.ENDPOINT)
class ClientRegistrationController {

	static final String ENDPOINT = ServerMetadata.REGISTRATION_ENDPOINT;

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
	ResponseEntity<Map<String, Object>> register(@AuthenticationPrincipal InitialAccessToken initialAccessToken,
			@RequestBody Map<String, Object> body) {
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

	/**
	 * RFC 7592 §2.1. The answer carries a new registration access token; the old one
	 * stops working.
	 */
	@GetMapping("/{clientId}")
	ResponseEntity<Map<String, Object>> read(@AuthenticationPrincipal RegisteredClient client) {
		return noStore(information(client, this.registrations.renewRegistrationAccessToken(client)));
	}

	/** RFC 7592 §2.2: a full replacement, checked like a registration. */
	@PutMapping(path = "/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> replace(@PathVariable String clientId,
			@AuthenticationPrincipal RegisteredClient client, @RequestBody Map<String, Object> body) {
		if (!clientId.equals(body.get("client_id"))) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"client_id must be present and match the registration (RFC 7592 §2.2)");
		}
		if (body.get("client_secret") instanceof String secret && (client.getClientSecret() == null
				|| !this.clientSecretEncoder.matches(secret, client.getClientSecret()))) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"client_secret does not match the current secret");
		}
		String newSecret = this.registrations.replace(client, metadata(body));
		RegisteredClient updated = this.registrations.findById(client.getId());
		Map<String, Object> response = information(updated, this.registrations.renewRegistrationAccessToken(updated));
		if (newSecret != null) {
			response.put("client_secret", newSecret);
		}
		return noStore(response);
	}

	/** RFC 7592 §2.3: the client and every token it holds are gone. */
	@DeleteMapping("/{clientId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal RegisteredClient client) {
		this.registrations.delete(client);
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(InvalidClientMetadataException.class)
	void invalidMetadata(InvalidClientMetadataException ex, HttpServletResponse response) throws IOException {
		log.debug("Client registration refused: {}", ex.getErrorCode());
		OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST,
				new OAuth2Error(ex.getErrorCode(), ex.getMessage(), null));
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, JacksonException.class, IllegalArgumentException.class })
	void unreadable(Exception ex, HttpServletResponse response) throws IOException {
		OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST,
				new OAuth2Error(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
						"The request body is not a JSON object of client metadata", null));
	}

	/**
	 * Another request took the last use of the initial access token after the filter
	 * chain found it usable.
	 */
	@ExceptionHandler(InvalidInitialAccessTokenException.class)
	void usedUp(InvalidInitialAccessTokenException ex, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		new RegistrationAuthenticationEntryPoint().commence(request, response,
				RegistrationBearerTokens.invalidToken(ex.getMessage()));
	}

	private ClientMetadata metadata(Map<String, Object> body) {
		return this.jsonMapper.convertValue(body, ClientMetadata.class);
	}

	private Map<String, Object> information(RegisteredClient client, String registrationAccessToken) {
		ClientMetadata metadata = ClientMetadataMapping.metadataOf(client);
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

	private static ResponseEntity<Map<String, Object>> noStore(Map<String, Object> body) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(body);
	}

}
