package dev.authserver.protocol;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The endpoints where clients authenticate (token, introspection, revocation), matched as
 * the framework matches its own endpoints, whatever the method: the requests whose errors
 * are RFC 6749 §5.2's JSON and never a page.
 */
public final class ClientAuthenticatedEndpoints {

	private ClientAuthenticatedEndpoints() {
	}

	public static RequestMatcher of(AuthorizationServerSettings settings) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.matcher(settings.getTokenEndpoint()),
				paths.matcher(settings.getTokenIntrospectionEndpoint()),
				paths.matcher(settings.getTokenRevocationEndpoint()));
	}

	/**
	 * RFC 6749 §5.2's answer to a request at these endpoints without any client
	 * credentials: 401 with {@code invalid_client} as JSON, as the framework answers
	 * wrong ones. Otherwise these requests would meet the UserInfo endpoint's
	 * bearer-token challenge, with an empty body.
	 */
	public static AuthenticationEntryPoint authenticationRequired() {
		return (request, response, exception) -> OAuth2ErrorResponses.send(response, HttpStatus.UNAUTHORIZED,
				new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null));
	}

}
