package dev.authserver.samples.clientdemo.api;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

/**
 * The resource-server's API. Every call carries an access token of the named client
 * registration; Spring's authorized-client manager fetches it, and refreshes it with the
 * refresh token when it is about to expire.
 */
public class MessagesApi {

	/** The signed-in user's registration (authorization code). */
	public static final String USER = "demo";

	/** The machine-to-machine registration (client credentials). */
	public static final String MACHINE = "machine";

	private final RestClient user;

	private final RestClient machine;

	MessagesApi(RestClient user, RestClient machine) {
		this.user = user;
		this.machine = machine;
	}

	public List<Message> messages(String registrationId) {
		return restClient(registrationId).get()
			.uri("/api/messages")
			.attributes(clientRegistrationId(registrationId))
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	public Message post(String registrationId, String text) {
		return restClient(registrationId).post()
			.uri("/api/messages")
			.attributes(clientRegistrationId(registrationId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("text", text))
			.retrieve()
			.body(Message.class);
	}

	public Map<String, Object> me(String registrationId) {
		return restClient(registrationId).get()
			.uri("/api/me")
			.attributes(clientRegistrationId(registrationId))
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	/**
	 * What the downstream API says of the user, through the resource server, which
	 * exchanges the user's token for one meant for the downstream API (RFC 8693).
	 */
	public Map<String, Object> downstreamIdentity(String registrationId) {
		return restClient(registrationId).get()
			.uri("/api/downstream-identity")
			.attributes(clientRegistrationId(registrationId))
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
	}

	/**
	 * The machine's client may present a certificate (mutual TLS), which a user's call
	 * has no business sending.
	 */
	private RestClient restClient(String registrationId) {
		return MACHINE.equals(registrationId) ? this.machine : this.user;
	}

}
