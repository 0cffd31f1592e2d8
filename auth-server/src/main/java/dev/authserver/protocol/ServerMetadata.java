package dev.authserver.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;

/**
 * What this server adds to the framework's two metadata documents alike, the OAuth one
 * (RFC 8414) and the OpenID one: our own RFC 7591/7592 registration endpoint, the
 * {@code iss} parameter of authorization responses (RFC 9207 §3), the one response mode,
 * and the client authentication it offers.
 */
public final class ServerMetadata {

	private static final String AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

	private static final String RESPONSE_MODES_SUPPORTED = "response_modes_supported";

	/**
	 * The methods clients can register here; the framework would also advertise mutual
	 * TLS, which we do not offer.
	 */
	private static final List<String> CLIENT_AUTHENTICATION_METHODS = Stream
		.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
				ClientAuthenticationMethod.CLIENT_SECRET_JWT, ClientAuthenticationMethod.PRIVATE_KEY_JWT)
		.map(ClientAuthenticationMethod::getValue)
		.toList();

	/**
	 * The path of the registration endpoint (RFC 7591) and of the client configuration
	 * endpoints under it.
	 */
	public static final String REGISTRATION_ENDPOINT = "/oauth2/register";

	private final String registrationEndpoint;

	private final List<String> clientAssertionSigningAlgorithms;

	/**
	 * @param clientAssertionSigningAlgorithms the algorithms of the signed client
	 * assertions (RFC 7523) this server accepts
	 */
	public ServerMetadata(String issuer, List<? extends JwsAlgorithm> clientAssertionSigningAlgorithms) {
		this.registrationEndpoint = issuer + REGISTRATION_ENDPOINT;
		this.clientAssertionSigningAlgorithms = clientAssertionSigningAlgorithms.stream()
			.map(JwsAlgorithm::getName)
			.toList();
	}

	/**
	 * Adds our claims to either document's, as the builders' {@code claims(...)} hand
	 * them over.
	 */
	public void addTo(Map<String, Object> metadata) {
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.REGISTRATION_ENDPOINT, this.registrationEndpoint);
		metadata.put(AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED, true);
		metadata.put(RESPONSE_MODES_SUPPORTED, List.of(QueryResponseModeOnly.QUERY));
		advertiseClientAuthentication(metadata);
	}

	/**
	 * Adds what only the OpenID document names: this server's logout to clients, by the
	 * back channel (logout tokens with {@code sid}) and the front channel (iframes with
	 * {@code iss} and {@code sid}).
	 * @see <a href=
	 * "https://openid.net/specs/openid-connect-backchannel-1_0.html#BCSupport">Back-Channel
	 * Logout 1.0 §2.1</a>
	 * @see <a href=
	 * "https://openid.net/specs/openid-connect-frontchannel-1_0.html#OPLogout">Front-Channel
	 * Logout 1.0 §3</a>
	 */
	public void addLogoutTo(Map<String, Object> metadata) {
		metadata.put("backchannel_logout_supported", true);
		metadata.put("backchannel_logout_session_supported", true);
		metadata.put("frontchannel_logout_supported", true);
		metadata.put("frontchannel_logout_session_supported", true);
	}

	/**
	 * The client authentication methods of the token, introspection and revocation
	 * endpoints, and the algorithms of their signed assertions (RFC 8414 §2).
	 */
	private void advertiseClientAuthentication(Map<String, Object> metadata) {
		for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			metadata.put(endpoint + "_auth_methods_supported", CLIENT_AUTHENTICATION_METHODS);
			metadata.put(endpoint + "_auth_signing_alg_values_supported", this.clientAssertionSigningAlgorithms);
		}
		// Public clients (native and browser apps) exchange their codes with PKCE and no
		// credentials, at the token
		// endpoint only.
		List<String> tokenEndpointMethods = new ArrayList<>(CLIENT_AUTHENTICATION_METHODS);
		tokenEndpointMethods.add(ClientAuthenticationMethod.NONE.getValue());
		metadata.put("token_endpoint_auth_methods_supported", tokenEndpointMethods);
	}

}
