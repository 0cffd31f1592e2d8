package dev.authserver.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds the sign-in to what an OpenID Connect authentication request asks of it, before
 * the framework answers the request: {@code prompt=login} (and {@code select_account},
 * which on this server means the same: sign in, as whoever) and a sign-in older than
 * {@code max_age} (or the client's {@code default_max_age}) send the user to the login
 * form again; an {@code id_token_hint} naming someone else than the signed-in user does
 * too. With {@code prompt=none} none of these can be shown, so the client gets
 * {@code login_required} instead, at its redirect URI with {@code state} and {@code iss};
 * the framework answers {@code consent_required} itself. A hint that is no ID token of
 * ours for this client is {@code invalid_request}.
 * <p>
 * It runs after the framework has validated the request (client, redirect URI, scopes,
 * PKCE), which hands it over in a request attribute, and before the authorization check
 * that sends an anonymous browser to the login form. A forced sign-in keeps the request
 * (the request cache, as for any sign-in) and records in the session when it was asked
 * for and for which request: the request comes back after the sign-in with the same
 * parameters, and passes only when the sign-in is newer than that, so a live session
 * cannot skip it, and the request does not ask again forever.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest">OpenID
 * Connect Core §3.1.2.1</a>
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#AuthError">OpenID
 * Connect Core §3.1.2.6</a>
 */
final class SignInRequirementsFilter extends OncePerRequestFilter {

	static final String NONE = "none";

	static final String LOGIN = "login";

	static final String CONSENT = "consent";

	static final String SELECT_ACCOUNT = "select_account";

	/**
	 * The pending forced sign-in: when it was asked for and a hash of the request's
	 * parameters. A string, so any version of this server reads it from a stored session.
	 */
	static final String FRESH_SIGN_IN_ATTRIBUTE = SignInRequirementsFilter.class.getName() + ".FRESH_SIGN_IN";

	/**
	 * Requests waiting for a sign-in at once, in several tabs of one browser; an older
	 * one asks again.
	 */
	private static final int MAX_PENDING_SIGN_INS = 5;

	private static final String LOGIN_REQUIRED = "login_required";

	private static final String ERROR_URI = "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";

	/**
	 * The parameter the request cache adds to the request it replays after a sign-in,
	 * which is no part of the authorization request.
	 */
	private static final String CONTINUE_PARAMETER = "continue";

	private static final Logger log = LoggerFactory.getLogger(SignInRequirementsFilter.class);

	private final RegisteredClientRepository clients;

	private final IdTokenHints idTokenHints;

	private final AuthenticationFailureHandler errorResponses;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final AuthenticationEntryPoint loginForm = new LoginUrlAuthenticationEntryPoint("/login");

	private final SecurityContextHolderStrategy securityContexts = SecurityContextHolder.getContextHolderStrategy();

	private final Clock clock;

	SignInRequirementsFilter(RegisteredClientRepository clients, IdTokenHints idTokenHints,
			AuthenticationFailureHandler errorResponses, Clock clock) {
		this.clients = clients;
		this.idTokenHints = idTokenHints;
		this.errorResponses = errorResponses;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Set by the framework's OAuth2AuthorizationCodeRequestValidatingFilter once the
		// request is valid; absent for a consent form post.
		Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
		if (!(validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)) {
			chain.doFilter(request, response);
			return;
		}
		if (!SignInFactors.isSignedIn(this.securityContexts.getContext().getAuthentication())) {
			// The login form comes next (or login_required).
			LoginHint.remember(request, authorizationRequest.getAdditionalParameters());
		}
		if (!authorizationRequest.getScopes().contains(OidcScopes.OPENID)) {
			chain.doFilter(request, response);
			return;
		}
		RegisteredClient client = this.clients.findByClientId(authorizationRequest.getClientId());
		if (client == null) {
			chain.doFilter(request, response);
			return;
		}
		try {
			if (signInNeeded(request, authorizationRequest, client)) {
				LoginHint.remember(request, authorizationRequest.getAdditionalParameters());
				this.requestCache.saveRequest(request, response);
				this.loginForm.commence(request, response,
						new InsufficientAuthenticationException("The request asks for a fresh sign-in"));
				return;
			}
		}
		catch (OAuth2AuthorizationCodeRequestAuthenticationException ex) {
			log.debug("Refused authentication request of client_id={}: {}", client.getClientId(),
					ex.getError().getErrorCode());
			this.errorResponses.onAuthenticationFailure(request, response, ex);
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether the user must sign in (again) before the request goes on; throws the error
	 * for the client when the request forbids that.
	 */
	private boolean signInNeeded(HttpServletRequest request, OAuth2AuthorizationCodeRequestAuthenticationToken token,
			RegisteredClient client) {
		Map<String, Object> parameters = token.getAdditionalParameters();
		Set<String> prompt = promptValues(parameters);
		Duration maxAge = maxAge(parameters, token, client).or(() -> ClientSignInSettings.defaultMaxAge(client))
			.orElse(null);
		Optional<String> hintedUser = hintedUser(parameters, token, client);
		boolean asksForSignIn = prompt.contains(LOGIN) || prompt.contains(SELECT_ACCOUNT) || maxAge != null
				|| hintedUser.isPresent();
		Authentication user = this.securityContexts.getContext().getAuthentication();
		if (!SignInFactors.isSignedIn(user)) {
			if (prompt.contains(NONE)) {
				throw error(LOGIN_REQUIRED, "prompt", token, client);
			}
			if (asksForSignIn) {
				// The login form comes next anyway; the sign-in there is the fresh one.
				rememberFreshSignIn(request);
			}
			return false;
		}
		Instant now = this.clock.instant();
		boolean tooOld = maxAge != null && SignInFactors.signedInAt(user)
			.map((signedInAt) -> signedInAt.plus(maxAge).isBefore(now))
			.orElse(true);
		boolean otherUser = hintedUser.isPresent() && !hintedUser.get().equals(user.getName());
		if (prompt.contains(NONE)) {
			if (tooOld) {
				throw error(LOGIN_REQUIRED, "max_age", token, client);
			}
			if (otherUser) {
				throw error(LOGIN_REQUIRED, "id_token_hint", token, client);
			}
			return false;
		}
		if (!(prompt.contains(LOGIN) || prompt.contains(SELECT_ACCOUNT) || tooOld || otherUser)) {
			return false;
		}
		if (freshSignInDone(request, user)) {
			return false;
		}
		rememberFreshSignIn(request);
		return true;
	}

	/** The values of {@code prompt}, a space-separated list. */
	static Set<String> promptValues(Map<String, Object> parameters) {
		if (parameters.get("prompt") instanceof String prompt && StringUtils.hasText(prompt)) {
			return Set.of(StringUtils.tokenizeToStringArray(prompt, " "));
		}
		return Set.of();
	}

	private static Optional<Duration> maxAge(Map<String, Object> parameters,
			OAuth2AuthorizationCodeRequestAuthenticationToken token, RegisteredClient client) {
		Object value = parameters.get("max_age");
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof String seconds && seconds.matches("[0-9]{1,10}")) {
			return Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));
		}
		throw error(OAuth2ErrorCodes.INVALID_REQUEST, "max_age", token, client);
	}

	private Optional<String> hintedUser(Map<String, Object> parameters,
			OAuth2AuthorizationCodeRequestAuthenticationToken token, RegisteredClient client) {
		Object value = parameters.get("id_token_hint");
		if (value == null) {
			return Optional.empty();
		}
		if (value instanceof String hint) {
			Optional<String> subject = this.idTokenHints.subject(hint, client.getClientId());
			if (subject.isPresent()) {
				return subject;
			}
		}
		throw error(OAuth2ErrorCodes.INVALID_REQUEST, "id_token_hint", token, client);
	}

	private void rememberFreshSignIn(HttpServletRequest request) {
		HttpSession session = request.getSession();
		String key = requestKey(request);
		List<String> pending = new ArrayList<>(pendingSignIns(session));
		pending.removeIf((entry) -> entry.endsWith(" " + key));
		pending.add(this.clock.millis() + " " + key);
		if (pending.size() > MAX_PENDING_SIGN_INS) {
			pending = pending.subList(pending.size() - MAX_PENDING_SIGN_INS, pending.size());
		}
		session.setAttribute(FRESH_SIGN_IN_ATTRIBUTE, String.join(",", pending));
	}

	/**
	 * Whether this very request sent the user to sign in, and the user has since: then
	 * the request is let through once.
	 */
	private boolean freshSignInDone(HttpServletRequest request, Authentication user) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return false;
		}
		String key = requestKey(request);
		List<String> pending = new ArrayList<>(pendingSignIns(session));
		for (String entry : pending) {
			String[] parts = entry.split(" ", 2);
			if (parts.length == 2 && parts[1].equals(key) && parts[0].matches("[0-9]{1,19}")) {
				Instant askedAt = Instant.ofEpochMilli(Long.parseLong(parts[0]));
				boolean done = SignInFactors.signedInAt(user)
					.filter((signedInAt) -> !signedInAt.isBefore(askedAt))
					.isPresent();
				if (done) {
					pending.remove(entry);
					session.setAttribute(FRESH_SIGN_IN_ATTRIBUTE, String.join(",", pending));
				}
				return done;
			}
		}
		return false;
	}

	private static List<String> pendingSignIns(HttpSession session) {
		if (session.getAttribute(FRESH_SIGN_IN_ATTRIBUTE) instanceof String pending && !pending.isEmpty()) {
			return List.of(pending.split(","));
		}
		return List.of();
	}

	/** A hash of the request's parameters, in a fixed order. */
	private static String requestKey(HttpServletRequest request) {
		Map<String, String[]> parameters = new TreeMap<>(request.getParameterMap());
		parameters.remove(CONTINUE_PARAMETER);
		String canonical = parameters.entrySet()
			.stream()
			.map((parameter) -> parameter.getKey() + "=" + String.join("\u0000", Arrays.asList(parameter.getValue())))
			.collect(Collectors.joining("&"));
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * An error that goes back to the client's redirect URI, as the framework's own do
	 * once the client and its redirect URI are known good.
	 */
	private static OAuth2AuthorizationCodeRequestAuthenticationException error(String errorCode, String parameter,
			OAuth2AuthorizationCodeRequestAuthenticationToken token, RegisteredClient client) {
		String redirectUri = StringUtils.hasText(token.getRedirectUri()) ? token.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				token.getAuthorizationUri(), token.getClientId(), (Authentication) token.getPrincipal(), redirectUri,
				token.getState(), token.getScopes(), token.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(errorCode, "OpenID Connect parameter: " + parameter, ERROR_URI), result);
	}

}
