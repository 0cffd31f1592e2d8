package dev.authserver.clients;

import static dev.authserver.clients.InvalidClientMetadataException.INVALID_CLIENT_METADATA;
import static dev.authserver.clients.InvalidClientMetadataException.INVALID_REDIRECT_URI;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.apache.hc.core5.net.InetAddressUtils;

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
 * keys one way: {@code jwks_uri} (https) or {@code jwks} (public keys only), and so does
 * a {@code self_signed_tls_client_auth} client, whose certificate must hold one of them.
 * A {@code tls_client_auth} client names exactly one value its certificate must carry
 * (RFC 8705 §2.1.2), each checked for its syntax: a distinguished name that parses (RFC
 * 4514), a DNS name, an absolute URI, an IP address literal, an email address.
 */
public class ClientMetadataValidator {

	static final String NONE = "none";

	static final String AUTHORIZATION_CODE = "authorization_code";

	static final String REFRESH_TOKEN = "refresh_token";

	static final String CLIENT_CREDENTIALS = "client_credentials";

	/** RFC 8628 §7.2. */
	static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

	/**
	 * RFC 8693 §2.1: only for clients whose policy an operator sets (declared and console
	 * clients); the registration endpoint refuses it.
	 */
	public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String CODE = "code";

	static final String CLIENT_SECRET_JWT = "client_secret_jwt";

	static final String PRIVATE_KEY_JWT = "private_key_jwt";

	/**
	 * RFC 8705 §2.1: a certificate from a trusted CA, matched by one registered value.
	 */
	static final String TLS_CLIENT_AUTH = "tls_client_auth";

	/** RFC 8705 §2.2: a self-signed certificate whose key the client registered. */
	static final String SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth";

	/** The methods where the client presents a certificate (RFC 8705 §2). */
	static final Set<String> CERTIFICATE_METHODS = Set.of(TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH);

	private static final Set<String> AUTH_METHODS = Set.of("client_secret_basic", "client_secret_post",
			CLIENT_SECRET_JWT, PRIVATE_KEY_JWT, NONE, TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH);

	/**
	 * The metadata of {@code tls_client_auth}, one of which a client registers (RFC 8705
	 * §2.1.2).
	 */
	static final List<String> TLS_CLIENT_AUTH_FIELDS = List.of("tls_client_auth_subject_dn", "tls_client_auth_san_dns",
			"tls_client_auth_san_uri", "tls_client_auth_san_ip", "tls_client_auth_san_email");

	/**
	 * A DNS name of letters, digits and hyphens (RFC 1123 §2.1), as a certificate's
	 * {@code dNSName} holds it, possibly a wildcard one ({@code *.example.com}), which is
	 * then matched as written.
	 */
	private static final Pattern DNS_NAME = Pattern.compile(
			"(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

	/** RFC 1035 §2.3.4. */
	private static final int MAX_DNS_NAME_LENGTH = 253;

	/**
	 * Leaves room in the client's stored settings (10000 characters) for the rest of
	 * them.
	 */
	private static final int MAX_JWKS_LENGTH = 8000;

	/** The grant types a client may have; an initial access token may allow fewer. */
	public static final Set<String> GRANT_TYPES = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS,
			DEVICE_CODE, TOKEN_EXCHANGE);

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
		if (grantTypes.contains(REFRESH_TOKEN) && !authorizationCode && !grantTypes.contains(DEVICE_CODE)) {
			throw invalid("grant_types", "grant type refresh_token needs authorization_code or " + DEVICE_CODE);
		}
		if (NONE.equals(authMethod) && grantTypes.contains(CLIENT_CREDENTIALS)) {
			throw invalid("grant_types",
					"a public client (token_endpoint_auth_method none) cannot use client_credentials");
		}
		if (NONE.equals(authMethod) && grantTypes.contains(TOKEN_EXCHANGE)) {
			throw invalid("grant_types",
					"a public client (token_endpoint_auth_method none) cannot use " + TOKEN_EXCHANGE);
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
		boolean keysRegistered = PRIVATE_KEY_JWT.equals(authMethod) || SELF_SIGNED_TLS_CLIENT_AUTH.equals(authMethod);
		if (!keysRegistered && (jwksUri || jwks)) {
			throw invalid(jwks ? "jwks" : "jwks_uri",
					"jwks and jwks_uri are only for private_key_jwt and self_signed_tls_client_auth");
		}
		if (keysRegistered && jwksUri == jwks) {
			throw invalid("jwks", authMethod + " needs exactly one of jwks_uri and jwks");
		}
		TlsClientAuthValue tlsClientAuth = tlsClientAuthValue(authMethod, request);
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
				tlsClientAuth.valueOf(0), tlsClientAuth.valueOf(1), tlsClientAuth.valueOf(2), tlsClientAuth.valueOf(3),
				tlsClientAuth.valueOf(4),
				Boolean.TRUE.equals(request.tlsClientCertificateBoundAccessTokens()) ? Boolean.TRUE : null,
				trueOrNull(request.requirePushedAuthorizationRequests()),
				requireSignedRequestObject(authMethod, request.requireSignedRequestObject()),
				fapi2SecurityProfile(authMethod, request.fapi2SecurityProfile()));
	}

	/**
	 * The one value a {@code tls_client_auth} client's certificate must carry (RFC 8705
	 * §2.1.2), checked for its syntax; no such value for any other method.
	 */
	private static TlsClientAuthValue tlsClientAuthValue(String authMethod, ClientMetadata request) {
		List<String> values = Stream
			.of(request.tlsClientAuthSubjectDn(), request.tlsClientAuthSanDns(), request.tlsClientAuthSanUri(),
					request.tlsClientAuthSanIp(), request.tlsClientAuthSanEmail())
			.map((value) -> StringUtils.hasText(value) ? value.strip() : null)
			.toList();
		List<Integer> given = IntStream.range(0, values.size())
			.filter((index) -> values.get(index) != null)
			.boxed()
			.toList();
		if (!TLS_CLIENT_AUTH.equals(authMethod)) {
			if (!given.isEmpty()) {
				String field = TLS_CLIENT_AUTH_FIELDS.get(given.get(0));
				throw invalid(field, field + " is only for token_endpoint_auth_method tls_client_auth");
			}
			return new TlsClientAuthValue(-1, null);
		}
		if (given.size() != 1) {
			throw invalid(given.isEmpty() ? TLS_CLIENT_AUTH_FIELDS.get(0) : TLS_CLIENT_AUTH_FIELDS.get(given.get(1)),
					"tls_client_auth needs exactly one of " + TLS_CLIENT_AUTH_FIELDS
							+ " (RFC 8705 §2.1.2): the value the client's certificate is matched by");
		}
		int index = given.get(0);
		String field = TLS_CLIENT_AUTH_FIELDS.get(index);
		String value = values.get(index);
		if (value.length() > MAX_LIST_LENGTH) {
			throw invalid(field, field + " is longer than " + MAX_LIST_LENGTH + " characters");
		}
		if (value.codePoints().anyMatch(ClientMetadataValidator::isHidden)) {
			throw invalid(field, field + " must not contain control characters");
		}
		switch (index) {
			case 0 -> checkSubjectDn(field, value);
			case 1 -> checkDnsName(field, value);
			case 2 -> checkAbsoluteUri(field, value);
			case 3 -> checkIpAddress(field, value);
			default -> checkEmailAddress(field, value);
		}
		return new TlsClientAuthValue(index, value);
	}

	/**
	 * Parsed as the certificate's subject will be compared: by {@link X500Principal},
	 * which reads RFC 4514 (and RFC 1779) names.
	 */
	private static void checkSubjectDn(String field, String value) {
		X500Principal principal;
		try {
			principal = new X500Principal(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, field + " is not a distinguished name (RFC 4514), such as CN=client,O=Example,C=DE");
		}
		if (principal.getName().isEmpty()) {
			throw invalid(field, field + " is an empty distinguished name");
		}
	}

	private static void checkDnsName(String field, String value) {
		if (value.length() > MAX_DNS_NAME_LENGTH || !DNS_NAME.matcher(value).matches()) {
			throw invalid(field, field + " is not a DNS name, such as client.example.com");
		}
	}

	private static void checkAbsoluteUri(String field, String value) {
		try {
			if (new URI(value).isAbsolute()) {
				return;
			}
		}
		catch (URISyntaxException ex) {
			// Refused below, as a relative one is.
		}
		throw invalid(field, field + " is not an absolute URI, such as spiffe://example.com/client");
	}

	/**
	 * An IPv4 address in dotted decimal or an IPv6 address (RFC 8705 §2.1.2), a literal:
	 * never a host name, which would make this check look it up.
	 */
	private static void checkIpAddress(String field, String value) {
		boolean literal = InetAddressUtils.isIPv4Address(value)
				|| (InetAddressUtils.isIPv6Address(value) && value.indexOf('%') < 0);
		if (literal) {
			try {
				InetAddress.getByName(value);
				return;
			}
			catch (UnknownHostException ex) {
				// Refused below.
			}
		}
		throw invalid(field, field + " is not an IP address, such as 192.0.2.10 or 2001:db8::10");
	}

	private static void checkEmailAddress(String field, String value) {
		int at = value.indexOf('@');
		boolean valid = at > 0 && at == value.lastIndexOf('@') && value.chars().noneMatch(Character::isWhitespace)
				&& DNS_NAME.matcher(value.substring(at + 1)).matches() && !value.substring(at + 1).startsWith("*");
		if (!valid) {
			throw invalid(field, field + " is not an email address, such as client@example.com");
		}
	}

	/**
	 * The {@code tls_client_auth} value given, by its index in
	 * {@link #TLS_CLIENT_AUTH_FIELDS}.
	 */
	private record TlsClientAuthValue(int index, String value) {

		String valueOf(int field) {
			return (field == this.index) ? this.value : null;
		}

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
	 * {@code private_key_jwt} or mutual TLS ({@code tls_client_auth},
	 * {@code self_signed_tls_client_auth}, RFC 8705 §2).
	 */
	private static Boolean fapi2SecurityProfile(String authMethod, Boolean requested) {
		if (Boolean.TRUE.equals(requested) && !PRIVATE_KEY_JWT.equals(authMethod)
				&& !CERTIFICATE_METHODS.contains(authMethod)) {
			throw invalid("fapi2_security_profile",
					"the FAPI 2.0 Security Profile needs private_key_jwt, tls_client_auth or self_signed_tls_client_auth");
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
	 * A JWK Set of public keys of the algorithm's type (of any type, without one). A
	 * private key here would mean the client has published its secret to us, and every
	 * holder of the metadata could sign as the client: refused.
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
		// A self_signed_tls_client_auth client signs nothing: any key a certificate
		// holds.
		KeyType keyType = (signingAlg == null) ? null : signingAlg.startsWith("ES") ? KeyType.EC : KeyType.RSA;
		for (JWK key : set.getKeys()) {
			if (key.isPrivate()) {
				throw invalid("jwks", "jwks must hold public keys only");
			}
			if (keyType != null && !keyType.equals(key.getKeyType())) {
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
