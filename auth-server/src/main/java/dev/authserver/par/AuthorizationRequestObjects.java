package dev.authserver.par;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import dev.authserver.clients.ClientMetadataMapping;
import dev.authserver.par.RequestObjectVerifier.RequestObject;
import dev.authserver.protocol.OAuth2ErrorResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2PushedAuthorizationRequestEndpointConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * The one place that decides what an authorization request may carry by way of
 * {@code request} and {@code request_uri}, at the authorization endpoint and at the
 * pushed authorization request endpoint (RFC 9126) alike:
 * <ul>
 * <li>{@code request_uri} only as the pushed authorization request endpoint issued it,
 * for the same client and not expired, whose stored request then is the whole request
 * (the query's other parameters are ignored, as RFC 9101 §6.3 says of request objects,
 * which RFC 9126 §4 applies); otherwise {@code invalid_request_uri} on the error page.
 * Any other (a URL the client hosts, OpenID Connect Core §6.2) is refused with
 * {@code request_uri_not_supported};</li>
 * <li>{@code request} only as a JWT the client signed (RFC 9101, verified by
 * {@link RequestObjectVerifier}), whose claims then are the whole request: the query's
 * other parameters are ignored (RFC 9101 §6.3), except {@code client_id}; each object is
 * accepted once;</li>
 * <li>a client that requires pushed requests or signed request objects (or a server that
 * requires pushed requests of all) gets {@code invalid_request} otherwise.</li>
 * </ul>
 * The converter ({@link #converter}) is the one place that computes the effective
 * request: every later step (the request checks, the sign-in requirements of
 * {@code prompt}, {@code max_age} and {@code id_token_hint}, the consent page, the code
 * and the tokens issued for it) sees only its parameters. It marks what it found in the
 * request's additional parameters, under names no client can send with these values
 * (booleans, an error); the refusals ({@link #check}) run among the request checks, once
 * the client and its redirect URI are known good, so that they go back to the client. The
 * marks of a pushed request are stored with it, so its redemption knows it was pushed,
 * and signed. What is used once (a request URI, a request object's {@code jti}) is used
 * up by {@link #redeem} only when the request goes on to a consent or a code, not while
 * the user is still to sign in.
 */
public final class AuthorizationRequestObjects {

	/** RFC 9126 §2.2: the request URIs the framework issues start so. */
	static final String PUSHED_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	/** RFC 9101 §7: "invalid_request_uri". */
	static final String INVALID_REQUEST_URI = "invalid_request_uri";

	private static final String MARK = AuthorizationRequestObjects.class.getName() + ".";

	/** The request was pushed: stored with it, a boolean. */
	private static final String PUSHED = MARK + "pushed";

	/** The request's parameters are a verified request object's: stored, a boolean. */
	private static final String SIGNED = MARK + "signed";

	/** A {@code request_uri} this server did not issue was sent: never stored. */
	private static final String REQUEST_URI_REFUSED = MARK + "request_uri_refused";

	/** Why the request object was refused, an {@link OAuth2Error}: never stored. */
	private static final String REFUSAL = MARK + "refusal";

	/**
	 * The pushed request to claim once the user is signed in, by its authorization's id:
	 * stored with the consent or code it leads to, never read from there.
	 */
	private static final String REDEEMS = MARK + "redeems";

	/**
	 * The request object to use up once the user is signed in, as
	 * {@code "<epoch seconds> <jti>"}: the authorization endpoint sees the request again
	 * after the sign-in.
	 */
	private static final String PENDING_USE = MARK + "pending_use";

	/**
	 * Client credentials sent in a pushed request's form: the framework would keep them
	 * among the stored request's parameters.
	 */
	private static final List<String> CLIENT_CREDENTIALS = List.of(OAuth2ParameterNames.CLIENT_SECRET,
			OAuth2ParameterNames.CLIENT_ASSERTION, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);

	private final RegisteredClientRepository clients;

	private final RequestObjectVerifier verifier;

	private final JdbcUsedRequestObjects usedObjects;

	private final PushedRequests pushedRequests;

	private final ParProperties properties;

	private final String pushedEndpoint;

	AuthorizationRequestObjects(RegisteredClientRepository clients, RequestObjectVerifier verifier,
			JdbcUsedRequestObjects usedObjects, PushedRequests pushedRequests, ParProperties properties,
			String pushedEndpoint) {
		this.clients = clients;
		this.verifier = verifier;
		this.usedObjects = usedObjects;
		this.pushedRequests = pushedRequests;
		this.properties = properties;
		this.pushedEndpoint = pushedEndpoint;
	}

	/**
	 * The framework's authorization request converter, reading the request as the rules
	 * above say and marking what it found.
	 */
	public AuthenticationConverter converter(AuthenticationConverter framework) {
		return (request) -> {
			boolean pushed = this.pushedEndpoint.equals(request.getRequestURI());
			Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
			Map<String, Object> marks = new HashMap<>();
			if (pushed) {
				CLIENT_CREDENTIALS.forEach(parameters::remove);
				parameters.computeIfAbsent(OAuth2ParameterNames.CLIENT_ID, (name) -> authenticatedClientId());
				marks.put(PUSHED, Boolean.TRUE);
			}
			String requestUri = first(parameters, OAuth2ParameterNames.REQUEST_URI);
			if (!pushed && requestUri != null && !requestUri.startsWith(PUSHED_REQUEST_URI_PREFIX)) {
				parameters.remove(OAuth2ParameterNames.REQUEST_URI);
				marks.put(REQUEST_URI_REFUSED, Boolean.TRUE);
			}
			String requestObject = first(parameters, RequestObjectVerifier.REQUEST);
			if (!pushed && requestObject == null && requestUri != null
					&& requestUri.startsWith(PUSHED_REQUEST_URI_PREFIX)) {
				return redemption(framework.convert(request), requestUri);
			}
			if (requestObject != null) {
				parameters = readObject(requestObject, parameters, requestUri != null, pushed, marks);
			}
			if (marks.isEmpty()) {
				return framework.convert(request);
			}
			Authentication converted = framework.convert(new WithParameters(request, parameters));
			if (converted == null && pushed) {
				// The framework's converter takes a POST without response_type for a
				// consent and declines it; its pushed request endpoint then fails with a
				// NullPointerException, a 500 (no upstream issue found as of 2026-12).
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: response_type", null));
			}
			return withMarks(converted, marks);
		};
	}

	/**
	 * The pushed request that a request URI names, in place of the query, which gave only
	 * the client and the request URI; or {@code invalid_request_uri} on the error page: a
	 * request URI that is unknown, expired, used or another client's has no redirect URI
	 * to be trusted.
	 *
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9126#section-4">RFC 9126 §4</a>
	 * @see <a href="https://www.rfc-editor.org/rfc/rfc9101#section-7">RFC 9101 §7</a>
	 */
	private Authentication redemption(Authentication converted, String requestUri) {
		if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken query)) {
			return converted;
		}
		OAuth2Authorization pushedRequest = this.pushedRequests.find(requestUri, query.getClientId())
			.orElseThrow(AuthorizationRequestObjects::invalidRequestUri);
		OAuth2AuthorizationRequest stored = pushedRequest.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (!Boolean.TRUE.equals(stored.getAdditionalParameters().get(PUSHED))) {
			// The framework keeps a pending consent's state in the same column.
			throw invalidRequestUri();
		}
		Map<String, Object> parameters = new HashMap<>(stored.getAdditionalParameters());
		parameters.put(REDEEMS, pushedRequest.getId());
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(query.getAuthorizationUri(), stored.getClientId(),
				(Authentication) query.getPrincipal(), stored.getRedirectUri(), stored.getState(), stored.getScopes(),
				parameters);
	}

	/**
	 * The request's parameters once its request object is read: the object's claims with
	 * the query's {@code client_id}, or, when it is refused, whatever locates the
	 * client's redirect URI to send the refusal to.
	 */
	private Map<String, String[]> readObject(String requestObject, Map<String, String[]> query, boolean withRequestUri,
			boolean pushed, Map<String, Object> marks) {
		String clientId = first(query, OAuth2ParameterNames.CLIENT_ID);
		// What the object says where it says something, else the query: the redirect URI
		// is checked against the registered ones either way.
		Map<String, String[]> unverified = new LinkedHashMap<>(query);
		unverified.remove(RequestObjectVerifier.REQUEST);
		unverified.putAll(RequestObjectVerifier.unverifiedParameters(requestObject));
		if (clientId != null) {
			unverified.put(OAuth2ParameterNames.CLIENT_ID, new String[] { clientId });
		}
		if (withRequestUri) {
			marks.put(REFUSAL, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"request and request_uri cannot be sent together", null));
			return unverified;
		}
		RegisteredClient client = StringUtils.hasText(clientId) ? this.clients.findByClientId(clientId) : null;
		if (client == null) {
			// The framework refuses the client_id itself, on the error page.
			return unverified;
		}
		RequestObject verified;
		try {
			verified = this.verifier.verify(requestObject, client);
		}
		catch (OAuth2AuthenticationException ex) {
			marks.put(REFUSAL, ex.getError());
			return unverified;
		}
		boolean replayed = pushed ? !this.usedObjects.markUsed(clientId, verified.jti(), verified.keepUntil())
				: this.usedObjects.isUsed(clientId, verified.jti());
		if (replayed) {
			marks.put(REFUSAL, RequestObjectVerifier.invalid("The request object was used before").getError());
			return unverified;
		}
		if (!pushed) {
			marks.put(PENDING_USE, verified.keepUntil().getEpochSecond() + " " + verified.jti());
		}
		marks.put(SIGNED, Boolean.TRUE);
		Map<String, String[]> parameters = new LinkedHashMap<>(verified.parameters());
		parameters.put(OAuth2ParameterNames.CLIENT_ID, new String[] { clientId });
		return parameters;
	}

	/**
	 * The refusals, among the request checks; at both endpoints, and again when a pushed
	 * request is redeemed.
	 */
	public void check(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		RegisteredClient client = context.getRegisteredClient();
		if (Boolean.TRUE.equals(parameters.get(REQUEST_URI_REFUSED))) {
			throw refusal(request, new OAuth2Error("request_uri_not_supported",
					"request_uri is supported only as the pushed authorization request endpoint issues it", null));
		}
		if (parameters.get(REFUSAL) instanceof OAuth2Error error) {
			throw refusal(request, error);
		}
		if (!Boolean.TRUE.equals(parameters.get(PUSHED))
				&& (this.properties.required() || Fapi2SecurityProfile.appliesTo(client)
						|| isTrue(client, ClientMetadataMapping.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS))) {
			// RFC 9126 §5; FAPI 2.0 Security Profile §5.3.2.2, item 2
			throw refusal(request, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"Authorization requests of this client must be pushed first (RFC 9126)", null));
		}
		if (!Boolean.TRUE.equals(parameters.get(SIGNED))
				&& isTrue(client, ClientMetadataMapping.REQUIRE_SIGNED_REQUEST_OBJECT)) {
			// RFC 9101 §10.5
			throw refusal(request, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"Authorization requests of this client must be signed request objects (RFC 9101)", null));
		}
	}

	/**
	 * Uses up what the request may use once: its pushed request, its request object's
	 * {@code jti}. The framework calls this when the user is signed in and the request
	 * goes on to a consent or a code, and not before: a request that first sends the user
	 * to the login form (or to sign in again, for {@code prompt=login} or
	 * {@code max_age}) comes back after it. Of several requests that redeem one request
	 * URI at once, on any instances, one goes on; the others get
	 * {@code invalid_request_uri}.
	 */
	public void redeem(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		if (parameters.get(REDEEMS) instanceof String pushedRequest && !this.pushedRequests.claim(pushedRequest)) {
			throw invalidRequestUri();
		}
		if (parameters.get(PENDING_USE) instanceof String use) {
			String[] parts = use.split(" ", 2);
			if (!this.usedObjects.markUsed(context.getRegisteredClient().getClientId(), parts[1],
					Instant.ofEpochSecond(Long.parseLong(parts[0])))) {
				throw refusal(request, RequestObjectVerifier.invalid("The request object was used before").getError());
			}
		}
	}

	/**
	 * The framework's pushed authorization request endpoint with the authorization
	 * endpoint's request checks (which hold {@link #check}), this converter, and errors
	 * written by the one writer.
	 */
	public Customizer<OAuth2PushedAuthorizationRequestEndpointConfigurer> pushedAuthorizationRequestEndpoint(
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestChecks) {
		return (endpoint) -> endpoint
			.pushedAuthorizationRequestConverters((converters) -> converters.replaceAll((converter) -> {
				if (converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter) {
					return converter(converter);
				}
				return converter;
			}))
			.authenticationProviders((providers) -> providers.forEach((provider) -> {
				if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushedRequests) {
					pushedRequests.setAuthenticationValidator(requestChecks);
				}
			}))
			.errorResponseHandler((request, response, exception) -> OAuth2ErrorResponses.send(response,
					HttpStatus.BAD_REQUEST, ((OAuth2AuthenticationException) exception).getError()));
	}

	/** The members of the discovery documents that tell what this class does. */
	public void addMetadataTo(Map<String, Object> metadata, String issuer, List<String> signingAlgorithms) {
		metadata.put("pushed_authorization_request_endpoint", issuer + this.pushedEndpoint);
		metadata.put("require_pushed_authorization_requests", this.properties.required());
		metadata.put("request_parameter_supported", true);
		metadata.put("request_object_signing_alg_values_supported", signingAlgorithms);
		// OpenID Connect Discovery §3: request_uri_parameter_supported (default true) is
		// about request URIs the client hosts, which this server does not fetch; those
		// of RFC 9126 are told by pushed_authorization_request_endpoint.
		metadata.put("request_uri_parameter_supported", false);
	}

	private static boolean isTrue(RegisteredClient client, String setting) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(setting));
	}

	private static String[] authenticatedClientId() {
		Authentication client = SecurityContextHolder.getContext().getAuthentication();
		return (client instanceof OAuth2ClientAuthenticationToken token && token.getRegisteredClient() != null)
				? new String[] { token.getRegisteredClient().getClientId() } : null;
	}

	private static String first(Map<String, String[]> parameters, String name) {
		String[] values = parameters.get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	private static Authentication withMarks(Authentication converted, Map<String, Object> marks) {
		// The pushed request's token is no subclass of the authorization endpoint's;
		// their
		// common superclass is not public.
		if (converted instanceof OAuth2PushedAuthorizationRequestAuthenticationToken pushed) {
			return new OAuth2PushedAuthorizationRequestAuthenticationToken(pushed.getAuthorizationUri(),
					pushed.getClientId(), (Authentication) pushed.getPrincipal(), pushed.getRedirectUri(),
					pushed.getState(), pushed.getScopes(), marked(pushed.getAdditionalParameters(), marks));
		}
		if (converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization) {
			return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorization.getAuthorizationUri(),
					authorization.getClientId(), (Authentication) authorization.getPrincipal(),
					authorization.getRedirectUri(), authorization.getState(), authorization.getScopes(),
					marked(authorization.getAdditionalParameters(), marks));
		}
		return converted;
	}

	private static Map<String, Object> marked(Map<String, Object> parameters, Map<String, Object> marks) {
		Map<String, Object> marked = new HashMap<>(parameters);
		marked.putAll(marks);
		return marked;
	}

	/** On the error page: without a request, no redirect URI. */
	private static OAuth2AuthorizationCodeRequestAuthenticationException invalidRequestUri() {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(INVALID_REQUEST_URI,
				"The request_uri is unknown, expired, used already or another client's", null), null);
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, OAuth2Error error) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
	}

	/**
	 * The request with other parameters. The framework reads a GET's parameters as those
	 * whose name its query string holds, and a POST's as the others, so the query string
	 * follows.
	 */
	private static final class WithParameters extends HttpServletRequestWrapper {

		private final Map<String, String[]> parameters;

		private WithParameters(HttpServletRequest request, Map<String, String[]> parameters) {
			super(request);
			this.parameters = Collections.unmodifiableMap(parameters);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public String getParameter(String name) {
			return first(this.parameters, name);
		}

		@Override
		public String[] getParameterValues(String name) {
			return this.parameters.get(name);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String getQueryString() {
			if (!"GET".equals(getMethod())) {
				return null;
			}
			return this.parameters.entrySet()
				.stream()
				.flatMap((entry) -> java.util.Arrays.stream(entry.getValue())
					.map((value) -> encode(entry.getKey()) + "=" + encode(value)))
				.collect(Collectors.joining("&"));
		}

		private static String encode(String text) {
			return URLEncoder.encode(text, StandardCharsets.UTF_8);
		}

	}

}
