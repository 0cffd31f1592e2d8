package dev.authserver.samples.clientdemo.api;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The downstream API behind the resource server, called with the user's own access token
 * only to show that it refuses it: that token is meant for the resource server, and the
 * downstream API accepts only tokens exchanged for itself.
 */
public class DownstreamApi {

	private final RestClient restClient;

	DownstreamApi(RestClient restClient) {
		this.restClient = restClient;
	}

	/** How the downstream API answers this token. */
	public Answer answerTo(String accessToken) {
		try {
			return this.restClient.get()
				.uri("/api/identity")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
				.exchange((request, response) -> new Answer(response.getStatusCode().value(),
						response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)));
		}
		catch (RestClientException ex) {
			return new Answer(0, "unreachable: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * @param status the HTTP status, 0 when the API could not be reached
	 * @param challenge its {@code WWW-Authenticate} header (RFC 6750 §3), if any
	 */
	public record Answer(int status, String challenge) {
	}

}
