package dev.authserver.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Matches an authorization request's {@code redirect_uri} to the client's registered ones
 * as a string, exactly (RFC 9700 §4.1.3), in place of the framework's
 * {@link OAuth2AuthorizationCodeRequestAuthenticationValidator#DEFAULT_REDIRECT_URI_VALIDATOR}.
 * That one lets any loopback redirect take any port, for every client and scheme, and
 * compares loopback URIs after {@code UriComponentsBuilder} has rebuilt them, which
 * collapses {@code //} in the path: a confidential client registered at
 * {@code http://127.0.0.1:8080/cb} received codes at {@code http://127.0.0.1:9999/cb} and
 * {@code http://127.0.0.1:8080//cb}.
 * <p>
 * Only a public client's {@code http} redirect to a loopback IP literal may differ, and
 * only in its port: a native app listens on a port the system picks at run time (RFC 8252
 * §7.3, §8.4). A request without {@code redirect_uri} is treated as the framework does:
 * refused for OpenID Connect or when the client has more than one. A refusal sends no
 * redirect (the URI is not trusted), so the browser gets the error page.
 */
final class ExactRedirectUris implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		String requested = request.getRedirectUri();
		boolean valid;
		if (!StringUtils.hasText(requested)) {
			valid = !request.getScopes().contains(OidcScopes.OPENID) && client.getRedirectUris().size() == 1;
		}
		else {
			valid = client.getRedirectUris().contains(requested)
					|| (isPublic(client) && matchesOnAnyPort(requested, client.getRedirectUris()));
		}
		if (!valid) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, ERROR_URI);
			// No redirect URI in the result: the framework then answers with an error
			// page instead of redirecting to an untrusted URI.
			OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
					request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(), null,
					request.getState(), request.getScopes(), request.getAdditionalParameters());
			result.setAuthenticated(true);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
		}
	}

	private static boolean isPublic(RegisteredClient client) {
		return client.getClientAuthenticationMethods().equals(Set.of(ClientAuthenticationMethod.NONE));
	}

	/**
	 * Whether the request is an http loopback IP-literal URI that equals a registered one
	 * but for the port.
	 */
	private static boolean matchesOnAnyPort(String requested, Set<String> registered) {
		String requestedWithoutPort = loopbackWithoutPort(requested);
		return requestedWithoutPort != null && registered.stream()
			.map(ExactRedirectUris::loopbackWithoutPort)
			.anyMatch(requestedWithoutPort::equals);
	}

	/**
	 * The URI as written, its port left out, if it is an http URI on a loopback IP
	 * literal ({@code 127.0.0.1} or {@code [::1]}) without user information or fragment;
	 * null otherwise.
	 */
	private static String loopbackWithoutPort(String value) {
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return null;
		}
		if (!"http".equals(uri.getScheme()) || !("127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost()))
				|| uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
			return null;
		}
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		return "http://" + uri.getHost() + uri.getRawPath() + query;
	}

}
