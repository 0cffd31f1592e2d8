package dev.authserver.protocol;

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

}
