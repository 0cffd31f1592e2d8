package dev.authserver.samples.resourceserver.downstream;

import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks the downstream API who the caller is, with a token exchanged for the caller's (RFC
 * 8693), and answers what it says: the user as {@code sub}, this API as {@code act}, the
 * downstream API as {@code aud}.
 */
@RestController
class DownstreamIdentityController {

	private static final Logger log = LoggerFactory.getLogger(DownstreamIdentityController.class);

	private final RestClient downstreamApi;

	DownstreamIdentityController(RestClient downstreamApi) {
		this.downstreamApi = downstreamApi;
	}

	@GetMapping("/api/downstream-identity")
	Map<String, Object> downstreamIdentity() {
		return this.downstreamApi.get()
			.uri("/api/identity")
			.attributes(clientRegistrationId(DownstreamConfig.DOWNSTREAM))
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	/**
	 * The auth-server refused the exchange, or the downstream API the token: the caller's
	 * request was fine, the call behind it was not (RFC 9110 §15.6.3).
	 */
	@ExceptionHandler({ ClientAuthorizationException.class, RestClientException.class })
	ProblemDetail downstreamFailed(RuntimeException ex) {
		String reason = (ex instanceof ClientAuthorizationException refused) ? refused.getError().getErrorCode()
				: ex.getClass().getSimpleName();
		log.debug("Downstream call failed: {}", reason);
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				"The downstream API could not be called (" + reason + ")");
	}

}
