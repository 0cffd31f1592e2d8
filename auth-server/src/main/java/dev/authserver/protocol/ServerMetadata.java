package dev.authserver.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * What this server adds to the framework's two metadata documents alike, the OAuth one
 * (RFC 8414) and the OpenID one: our own RFC 7591/7592 registration endpoint, the
 * {@code iss} parameter of authorization responses (RFC 9207 §3), the device
 * authorization endpoint (RFC 8628 §4), the response modes, the authorization request's
 * parameters it takes ({@code claims}) and those it refuses (request objects), the client
 * authentication it offers, the grant types, scopes and claims it serves, and the
 * {@code acr} values its ID tokens carry (OpenID Connect Discovery §3), and with mutual
 * TLS on, its endpoint aliases and certificate-bound tokens (RFC 8705 §3.3, §5). What the
 * framework would advertise beyond what this server does (token exchange,
 * certificate-bound tokens without mutual TLS) is left out: the documents say exactly
 * what works, and DiscoveryMetadataTruthTests checks every member against behaviour.
 */
public final class ServerMetadata {

	private static final String AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

	private static final String RESPONSE_MODES_SUPPORTED = "response_modes_supported";

	private static final String CLAIMS_SUPPORTED = "claims_supported";

	private static final String ACR_VALUES_SUPPORTED = "acr_values_supported";

	/**
	 * RFC 8705 §3.3: absent means false. Said (true) only with mutual TLS on, where a
	 * certificate can reach the server and tokens are bound to it; the framework would
	 * always say it.
	 */
	private static final String TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS = "tls_client_certificate_bound_access_tokens";

	/** RFC 8705 §5: the endpoints' URLs on the mTLS listener (or proxy). */
	private static final String MTLS_ENDPOINT_ALIASES = "mtls_endpoint_aliases";

	/**
	 * The methods clients can register here besides mutual TLS, which is advertised only
	 * when it is on.
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

	private final String deviceAuthorizationEndpoint;

	private final List<String> clientAssertionSigningAlgorithms;

	private final List<String> grantTypes;

	private final List<String> scopes;

	private final List<String> claims;

	private final Supplier<Map<String, String>> mtlsEndpointAliases;

	/**
	 * @param settings the issuer and the endpoints' paths; the device authorization
	 * endpoint (RFC 8628 §4) is advertised from them in both documents, where the
	 * framework writes it in the OAuth one only
	 * @param clientAssertionSigningAlgorithms the algorithms of the signed client
	 * assertions (RFC 7523) this server accepts
	 * @param grantTypes the grant types a client may be registered with
	 * @param scopes every scope a client may be registered with (OpenID Connect Discovery
	 * §3 and RFC 8414 §2: the scopes this server supports, not only those a registration
	 * gets by default)
	 * @param claims the claims ID tokens and UserInfo responses can carry
	 * @param mtlsEndpointAliases the members of {@code mtls_endpoint_aliases} (RFC 8705
	 * §5), empty when mutual TLS is off; asked for each document, as the mTLS listener's
	 * port may be chosen when it starts
	 */
	public ServerMetadata(AuthorizationServerSettings settings,
			List<? extends JwsAlgorithm> clientAssertionSigningAlgorithms, Collection<String> grantTypes,
			Collection<String> scopes, Collection<String> claims, Supplier<Map<String, String>> mtlsEndpointAliases) {
		this.registrationEndpoint = settings.getIssuer() + REGISTRATION_ENDPOINT;
		this.deviceAuthorizationEndpoint = settings.getIssuer() + settings.getDeviceAuthorizationEndpoint();
		this.clientAssertionSigningAlgorithms = clientAssertionSigningAlgorithms.stream()
			.map(JwsAlgorithm::getName)
			.toList();
		this.grantTypes = grantTypes.stream().sorted().toList();
		this.scopes = List.copyOf(scopes);
		this.claims = List.copyOf(claims);
		this.mtlsEndpointAliases = mtlsEndpointAliases;
	}

	/**
	 * Adds our claims to either document's, as the builders' {@code claims(...)} hand
	 * them over.
	 */
	public void addTo(Map<String, Object> metadata) {
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.REGISTRATION_ENDPOINT, this.registrationEndpoint);
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.DEVICE_AUTHORIZATION_ENDPOINT,
				this.deviceAuthorizationEndpoint);
		metadata.put(AUTHORIZATION_RESPONSE_ISS_PARAMETER_SUPPORTED, true);
		metadata.put(RESPONSE_MODES_SUPPORTED, List.of(ResponseModes.QUERY, ResponseModes.FORM_POST));
		metadata.put("claims_parameter_supported", true);
		// The framework lists token exchange too, which no client can be registered for.
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.GRANT_TYPES_SUPPORTED, this.grantTypes);
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.SCOPES_SUPPORTED, this.scopes);
		metadata.put(CLAIMS_SUPPORTED, this.claims);
		Map<String, String> mtlsEndpointAliases = this.mtlsEndpointAliases.get();
		if (mtlsEndpointAliases.isEmpty()) {
			metadata.remove(TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS);
		}
		else {
			metadata.put(TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS, true);
			metadata.put(MTLS_ENDPOINT_ALIASES, new LinkedHashMap<>(mtlsEndpointAliases));
		}
		metadata.put(ACR_VALUES_SUPPORTED, SignInFactors.ACR_VALUES);
		advertiseClientAuthentication(metadata, !mtlsEndpointAliases.isEmpty());
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
	private void advertiseClientAuthentication(Map<String, Object> metadata, boolean mutualTls) {
		List<String> methods = new ArrayList<>(CLIENT_AUTHENTICATION_METHODS);
		// Certificates (RFC 8705 §2) can come only when mutual TLS is on.
		if (mutualTls) {
			methods.add(ClientAuthenticationMethod.TLS_CLIENT_AUTH.getValue());
			methods.add(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.getValue());
		}
		for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			metadata.put(endpoint + "_auth_methods_supported", methods);
			metadata.put(endpoint + "_auth_signing_alg_values_supported", this.clientAssertionSigningAlgorithms);
		}
		// Public clients (native and browser apps) exchange their codes with PKCE and no
		// credentials, at the token
		// endpoint only.
		List<String> tokenEndpointMethods = new ArrayList<>(methods);
		tokenEndpointMethods.add(ClientAuthenticationMethod.NONE.getValue());
		metadata.put("token_endpoint_auth_methods_supported", tokenEndpointMethods);
	}

}
