package dev.authserver.clients;

import static dev.authserver.clients.InvalidClientMetadataException.INVALID_CLIENT_METADATA;
import static dev.authserver.clients.InvalidClientMetadataException.INVALID_REDIRECT_URI;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.util.JSONObjectUtils;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.util.StringUtils;

/**
 * Checks client metadata the same way for the registration endpoint, the admin console
 * and declared clients ({@link DeclaredClientRegistrar}), and fills in the RFC 7591
 * defaults. What it accepts is what this server can serve safely (RFC 9700): the
 * authorization code grant with exact, https redirect URIs (loopback http for native
 * apps, which are public clients), no implicit or password grant, and no client
 * credentials for a public client. Clients that sign assertions (RFC 7523) use an
 * algorithm this server verifies, and a {@code private_key_jwt} client names its public
 * keys one way: {@code jwks_uri} (https) or {@code jwks} (public keys only).
 */
public class ClientMetadataValidator {

	static final String NONE = "none";

	static final String AUTHORIZATION_CODE = "authorization_code";

	static final String REFRESH_TOKEN = "refresh_token";

	static final String CLIENT_CREDENTIALS = "client_credentials";

	static final String CODE = "code";

	static final String CLIENT_SECRET_JWT = "client_secret_jwt";

	static final String PRIVATE_KEY_JWT = "private_key_jwt";

	private static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post",
			CLIENT_SECRET_JWT, PRIVATE_KEY_JWT, NONE);

	/**
	 * Leaves room in the client's stored settings (10000 characters) for the rest of
	 * them.
	 */
	private static final int MAX_JWKS_LENGTH = 8000;

	/** The grant types a client may have; an initial access token may allow fewer. */
	public static final Set<String> GRANT_TYPES = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS);

	/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
	public static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

	/**
	 * The framework stores the URIs and the scopes in columns of 1000 characters each.
	 */
	private static final int MAX_LIST_LENGTH = 1000;

	private static final int MAX_CLIENT_NAME_LENGTH = 200;

	/**
	 * A year: a longer {@code default_max_age} asks nothing of a sign-in, whose session
	 * ends long before.
	 */
	static final int MAX_DEFAULT_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

	private final boolean allowHttpLocalhost;

	private final Set<String> knownScopes;

	/**
	 * @param allowHttpLocalhost development mode
	 * ({@code authserver.registration.allow-http-localhost}): accept
	 * {@code http://localhost} redirect and JWK Set URIs, and loopback redirect URIs for
	 * confidential clients too
	 * @param knownScopes the scopes this server issues ({@code authserver.scopes.known}):
	 * a client may have no other
	 */
	public ClientMetadataValidator(boolean allowHttpLocalhost, Set<String> knownScopes) {
		this.allowHttpLocalhost = allowHttpLocalhost;
		this.knownScopes = Set.copyOf(knownScopes);
	}

	/**
	 * Whether development mode is on: a developer's clients may keep their keys on their
	 * own machine.
	 */
	public boolean allowsHttpLocalhost() {
		return this.allowHttpLocalhost;
	}

	/**
	 * Checks metadata whose grant types only this server's rules limit.
	 * @param allowedScopes the scopes the caller may register; empty allows any this
	 * server knows
	 * @return the metadata with defaults filled in
	 * @throws InvalidClientMetadataException with {@code invalid_redirect_uri} or
	 * {@code invalid_client_metadata}
	 */
	public ClientMetadata validate(ClientMetadata request, Set<String> allowedScopes) {
		return validate(request, allowedScopes, Set.of());
	}

	/**
	 * @param allowedScopes the scopes the caller may register (from the initial access
	 * token); empty allows any this server knows
	 * @param allowedGrantTypes the grant types the caller may register (from the initial
	 * access token); empty allows any this server supports
	 * @return the metadata with defaults filled in
	 * @throws InvalidClientMetadataException with {@code invalid_redirect_uri} or
	 * {@code invalid_client_metadata}
	 */
	public ClientMetadata validate(ClientMetadata request, Set<String> allowedScopes, Set<String> allowedGrantTypes) {
		String authMethod = StringUtils.hasText(request.tokenEndpointAuthMethod()) ? request.tokenEndpointAuthMethod()
				: "client_secret_basic";
		if (!AUTH_METHODS.contains(authMethod)) {
			throw invalid("token_endpoint_auth_method",
					"token_endpoint_auth_method must be one of " + sorted(AUTH_METHODS));
		}
		List<String> grantTypes = distinct("grant_types", request.grantTypes(), List.of(AUTHORIZATION_CODE));
		for (String grantType : grantTypes) {
			if (!GRANT_TYPES.contains(grantType)) {
				throw invalid("grant_types",
						"grant type " + grantType + " is not supported; use " + sorted(GRANT_TYPES));
			}
			if (!allowedGrantTypes.isEmpty() && !allowedGrantTypes.contains(grantType)) {
				throw invalid("grant_types", "the initial access token does not allow the grant type " + grantType);
			}
		}
		boolean authorizationCode = grantTypes.contains(AUTHORIZATION_CODE);
		List<String> responseTypes = distinct("response_types", request.responseTypes(),
				authorizationCode ? List.of(CODE) : List.of());
		if (!responseTypes.stream().allMatch(CODE::equals)) {
			throw invalid("response_types", "response_types may only contain \"code\"");
		}
		if (authorizationCode != responseTypes.contains(CODE)) {
			throw invalid("response_types", "grant type authorization_code and response type code go together");
		}
		if (grantTypes.contains(REFRESH_TOKEN) && !authorizationCode) {
			throw invalid("grant_types", "grant type refresh_token needs authorization_code");
		}
		if (NONE.equals(authMethod) && grantTypes.contains(CLIENT_CREDENTIALS)) {
			throw invalid("grant_types",
					"a public client (token_endpoint_auth_method none) cannot use client_credentials");
		}

		List<String> redirectUris = distinct("redirect_uris", request.redirectUris(), List.of());
		if (authorizationCode && redirectUris.isEmpty()) {
			throw new InvalidClientMetadataException(INVALID_REDIRECT_URI, "redirect_uris",
					"redirect_uris is required for the authorization_code grant");
		}
		if (!authorizationCode && !redirectUris.isEmpty()) {
			throw new InvalidClientMetadataException(INVALID_REDIRECT_URI, "redirect_uris",
					"redirect_uris are only for the authorization_code grant");
		}
		List<String> postLogoutRedirectUris = distinct("post_logout_redirect_uris", request.postLogoutRedirectUris(),
				List.of());
		boolean publicClient = NONE.equals(authMethod);
		redirectUris.forEach((uri) -> checkRedirectUri("redirect_uris", uri, publicClient));
		postLogoutRedirectUris.forEach((uri) -> checkRedirectUri("post_logout_redirect_uris", uri, publicClient));
		checkLength("redirect_uris", String.join(",", redirectUris));
		checkLength("post_logout_redirect_uris", String.join(",", postLogoutRedirectUris));

		Set<String> scopes = scopes(request.scope(), allowedScopes);
		String clientName = clientName(request.clientName());
		String signingAlg = signingAlgorithm(authMethod, request.tokenEndpointAuthSigningAlg());
		boolean jwksUri = StringUtils.hasText(request.jwksUri());
		boolean jwks = request.jwks() != null;
		if (!PRIVATE_KEY_JWT.equals(authMethod) && (jwksUri || jwks)) {
			throw invalid(jwks ? "jwks" : "jwks_uri", "jwks and jwks_uri are only for private_key_jwt");
		}
		if (PRIVATE_KEY_JWT.equals(authMethod) && jwksUri == jwks) {
			throw invalid("jwks", "private_key_jwt needs exactly one of jwks_uri and jwks");
		}
		if (request.defaultMaxAge() != null
				&& (request.defaultMaxAge() < 1 || request.defaultMaxAge() > MAX_DEFAULT_MAX_AGE_SECONDS)) {
			throw invalid("default_max_age",
					"default_max_age must be a number of seconds from 1 to " + MAX_DEFAULT_MAX_AGE_SECONDS);
		}
		return new ClientMetadata(redirectUris, postLogoutRedirectUris, grantTypes, responseTypes, authMethod,
				String.join(" ", scopes), clientName, signingAlg,
				jwksUri ? calledUri("jwks_uri", request.jwksUri()) : null,
				jwks ? publicKeys(request.jwks(), signingAlg) : null, request.defaultMaxAge(),
				Boolean.TRUE.equals(request.requireAuthTime()) ? Boolean.TRUE : null,
				calledUri("backchannel_logout_uri", request.backchannelLogoutUri()),
				sessionRequired(request.backchannelLogoutUri(), request.backchannelLogoutSessionRequired()),
				calledUri("frontchannel_logout_uri", request.frontchannelLogoutUri()),
				sessionRequired(request.frontchannelLogoutUri(), request.frontchannelLogoutSessionRequired()),
				trueOrNull(request.requirePushedAuthorizationRequests()),
				requireSignedRequestObject(authMethod, request.requireSignedRequestObject()),
				fapi2SecurityProfile(authMethod, request.fapi2SecurityProfile()));
	}

	/**
	 * An https URL this server calls (a {@code jwks_uri}, a back-channel logout URI) or
	 * has a browser load (a front-channel logout URI): never plain text, except on this
	 * machine in development mode; never user information or a fragment (Back-Channel
	 * Logout 1.0 §2.2, Front-Channel Logout 1.0 §2). Where the server connects, the
	 * egress rules ({@link OutboundAddressPolicy}) apply as well.
	 * @return null when none is given
	 */
	private String calledUri(String field, String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw invalid(field, field + " is not a valid URI");
		}
		if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null
				|| uri.getRawUserInfo() != null) {
			throw invalid(field, field + " must be an absolute URL with a host, without user information or fragment");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
		if (!scheme.equals("https") && !(scheme.equals("http") && loopback && this.allowHttpLocalhost)) {
			throw invalid(field, field + " must use https");
		}
		if (value.length() > MAX_LIST_LENGTH) {
			throw invalid(field, field + " is longer than " + MAX_LIST_LENGTH + " characters");
		}
		return value;
	}

	/** Defaults to false (both specifications), and only goes with a URI. */
	/** RFC 9126 §6 and RFC 9101 §10.5: absent means false, so false is not kept. */
	private static Boolean trueOrNull(Boolean requested) {
		return Boolean.TRUE.equals(requested) ? Boolean.TRUE : null;
	}

	/**
	 * A client that requires signed request objects must be able to sign one: with the
	 * key or secret of its signed client assertions, the only keys this server knows of
	 * it (RFC 9101 §10.5).
	 */
	private static Boolean requireSignedRequestObject(String authMethod, Boolean requested) {
		if (Boolean.TRUE.equals(requested) && !PRIVATE_KEY_JWT.equals(authMethod)
				&& !CLIENT_SECRET_JWT.equals(authMethod)) {
			throw invalid("require_signed_request_object",
					"require_signed_request_object needs private_key_jwt or client_secret_jwt, whose key signs the "
							+ "request objects");
		}
		return trueOrNull(requested);
	}

	/**
	 * FAPI 2.0 Security Profile §5.3.3.4: confidential clients authenticating with
	 * {@code private_key_jwt} or mutual TLS; this server has no mutual TLS client
	 * authentication yet, so the methods that would join are {@code tls_client_auth} and
	 * {@code self_signed_tls_client_auth}.
	 */
	private static Boolean fapi2SecurityProfile(String authMethod, Boolean requested) {
		if (Boolean.TRUE.equals(requested) && !PRIVATE_KEY_JWT.equals(authMethod)) {
			throw invalid("fapi2_security_profile", "the FAPI 2.0 Security Profile needs private_key_jwt");
		}
		return trueOrNull(requested);
	}

	private static Boolean sessionRequired(String logoutUri, Boolean requested) {
		return StringUtils.hasText(logoutUri) ? Boolean.TRUE.equals(requested) : null;
	}

	/**
	 * The algorithm of a client that signs assertions, its method's default when none is
	 * asked; null otherwise.
	 */
	private static String signingAlgorithm(String authMethod, String requested) {
		List<? extends JwsAlgorithm> algorithms = ClientAssertionDecoderFactory
			.assertionAlgorithms(Set.of(new ClientAuthenticationMethod(authMethod)));
		if (algorithms.isEmpty()) {
			if (StringUtils.hasText(requested)) {
				throw invalid("token_endpoint_auth_signing_alg",
						"token_endpoint_auth_signing_alg is only for client_secret_jwt and private_key_jwt");
			}
			return null;
		}
		List<String> names = algorithms.stream().map(JwsAlgorithm::getName).toList();
		if (!StringUtils.hasText(requested)) {
			return names.get(0);
		}
		if (!names.contains(requested)) {
			throw invalid("token_endpoint_auth_signing_alg",
					"token_endpoint_auth_signing_alg " + requested + " is not one of " + names + " for " + authMethod);
		}
		return requested;
	}

	/**
	 * A JWK Set of public keys of the algorithm's type. A private key here would mean the
	 * client has published its secret to us, and every holder of the metadata could sign
	 * as the client: refused.
	 */
	private static Map<String, Object> publicKeys(Map<String, Object> jwks, String signingAlg) {
		JWKSet set;
		try {
			set = JWKSet.parse(jwks);
		}
		catch (ParseException | RuntimeException ex) {
			throw invalid("jwks", "jwks is not a JWK Set (RFC 7517 §5)");
		}
		if (set.getKeys().isEmpty()) {
			throw invalid("jwks", "jwks has no keys");
		}
		KeyType keyType = signingAlg.startsWith("ES") ? KeyType.EC : KeyType.RSA;
		for (JWK key : set.getKeys()) {
			if (key.isPrivate()) {
				throw invalid("jwks", "jwks must hold public keys only");
			}
			if (!keyType.equals(key.getKeyType())) {
				throw invalid("jwks",
						"jwks holds a " + key.getKeyType() + " key, but " + signingAlg + " needs " + keyType + " keys");
			}
		}
		// Measured as stored: a JSON string inside the client's settings, where every
		// quote and backslash doubles.
		if (JSONObjectUtils.toJSONString(Map.of("jwks", set.toString())).length() > MAX_JWKS_LENGTH) {
			throw invalid("jwks", "jwks is longer than " + MAX_JWKS_LENGTH + " characters");
		}
		return set.toJSONObject();
	}

	/**
	 * An absolute URI without fragment or wildcard, https, or http on a loopback IP
	 * literal for native apps (RFC 8252 §7.3; any port, as the app picks one at run
	 * time), or http://localhost in development mode.
	 * <p>
	 * Only a public client may use a loopback IP literal: native apps are public clients
	 * (RFC 8252 §8.4), while a confidential client runs on a server, which receives the
	 * code over https. The framework lets a loopback redirect take any port, so on a
	 * confidential client it would also hand codes to whatever listens on the user's
	 * machine; development mode, made for apps on the developer's own machine, allows it.
	 */
	private void checkRedirectUri(String field, String value, boolean publicClient) {
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw redirect(field, value, "is not a valid URI");
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			throw redirect(field, value, "must be an absolute URI with a host");
		}
		if (uri.getRawFragment() != null) {
			throw redirect(field, value, "must not have a fragment (RFC 6749 §3.1.2)");
		}
		if (value.contains("*")) {
			throw redirect(field, value, "must not contain wildcards: redirect URIs are matched exactly");
		}
		if (uri.getRawUserInfo() != null) {
			throw redirect(field, value, "must not contain user information");
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		boolean loopbackLiteral = host.equals("127.0.0.1") || host.equals("[::1]");
		boolean localhost = host.equals("localhost");
		if (scheme.equals("https") || (scheme.equals("http") && localhost && this.allowHttpLocalhost)) {
			return;
		}
		if (scheme.equals("http") && loopbackLiteral) {
			// In development mode a web app on the developer's machine (like the client
			// demo) may be confidential.
			if (publicClient || this.allowHttpLocalhost) {
				return;
			}
			throw redirect(field, value, "uses http on a loopback address, which is only for native apps: they are "
					+ "public clients, with token_endpoint_auth_method none (RFC 8252 §8.4); a confidential client "
					+ "must use https");
		}
		throw redirect(field, value,
				localhost
						? "uses http://localhost, which is only accepted in development mode; "
								+ "native apps use http://127.0.0.1 or http://[::1] (RFC 8252 §7.3)"
						: "must use https (http only on a loopback address for native apps)");
	}

	/**
	 * The name the consent page shows the user. Control characters (such as NUL, CR and
	 * LF) and the characters that reorder text (bidirectional overrides, embeddings,
	 * isolates and marks) would let it read differently from what is stored: "evil.com"
	 * shown as "moc.live", or a name that hides what follows it.
	 */
	private static String clientName(String requested) {
		if (!StringUtils.hasText(requested)) {
			return null;
		}
		String clientName = requested.strip();
		if (clientName.length() > MAX_CLIENT_NAME_LENGTH) {
			throw invalid("client_name", "client_name is longer than " + MAX_CLIENT_NAME_LENGTH + " characters");
		}
		if (clientName.codePoints().anyMatch(ClientMetadataValidator::isHidden)) {
			throw invalid("client_name",
					"client_name must not contain control characters or characters that change the text direction");
		}
		return clientName;
	}

	/**
	 * Unicode category Cc, and the bidirectional formatting characters: U+200E and U+200F
	 * (marks), U+202A to U+202E (embeddings and overrides), U+2066 to U+2069 (isolates).
	 */
	private static boolean isHidden(int codePoint) {
		return Character.getType(codePoint) == Character.CONTROL || codePoint == 0x200E || codePoint == 0x200F
				|| (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
	}

	/**
	 * The requested scopes, each one this server knows and the caller may register; when
	 * none is requested, all the caller may register.
	 */
	private Set<String> scopes(String requested, Set<String> allowedScopes) {
		Set<String> scopes = new LinkedHashSet<>();
		if (StringUtils.hasText(requested)) {
			for (String scope : requested.trim().split(" +")) {
				if (!SCOPE_TOKEN.matcher(scope).matches()) {
					throw invalid("scope", "scope " + scope + " is not a valid scope token (RFC 6749 §3.3)");
				}
				if (!this.knownScopes.contains(scope)) {
					throw invalid("scope", "scope " + scope + " is not one of the scopes this server issues "
							+ sorted(this.knownScopes));
				}
				scopes.add(scope);
			}
		}
		else {
			scopes.addAll(allowedScopes);
		}
		if (scopes.isEmpty()) {
			throw invalid("scope", "scope is required");
		}
		if (!allowedScopes.isEmpty() && !allowedScopes.containsAll(scopes)) {
			Set<String> refused = new LinkedHashSet<>(scopes);
			refused.removeAll(allowedScopes);
			throw invalid("scope", "the initial access token does not allow the scopes " + refused);
		}
		checkLength("scope", String.join(",", scopes));
		return scopes;
	}

	private static void checkLength(String field, String joined) {
		if (joined.length() > MAX_LIST_LENGTH) {
			throw invalid(field, field + " is longer than " + MAX_LIST_LENGTH + " characters in all");
		}
	}

	private static List<String> distinct(String field, List<String> values, List<String> defaults) {
		if (values == null || values.isEmpty()) {
			return defaults;
		}
		if (values.stream().anyMatch((value) -> !StringUtils.hasText(value))) {
			throw invalid(field, "lists must not contain empty values");
		}
		return List.copyOf(new LinkedHashSet<>(values));
	}

	private static List<String> sorted(Set<String> values) {
		return values.stream().sorted().toList();
	}

	private static InvalidClientMetadataException invalid(String field, String description) {
		return new InvalidClientMetadataException(INVALID_CLIENT_METADATA, field, description);
	}

	private static InvalidClientMetadataException redirect(String field, String uri, String problem) {
		return new InvalidClientMetadataException(INVALID_REDIRECT_URI, field, "redirect URI " + uri + " " + problem);
	}

}
