package dev.authserver.protocol;

import java.util.Map;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * Refuses an authorization request that repeats a parameter (RFC 6749 §3.1), such as a
 * second {@code nonce}, with {@code invalid_request} to the client. The framework checks
 * its own parameters, and keeps any other repeated one as an array, which its store then
 * cannot read back: the request's consent, code and tokens would all fail with a 500.
 * {@code resource} may be repeated (RFC 8707 §2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.1">RFC 6749 §3.1</a>
 */
class RepeatedParametersRefused implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String RESOURCE = "resource";

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		for (Map.Entry<String, Object> parameter : request.getAdditionalParameters().entrySet()) {
			if (parameter.getValue() instanceof String[] && !RESOURCE.equals(parameter.getKey())) {
				OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"OAuth 2.0 Parameter repeated: " + DuplicateParameterFilter.printableName(parameter.getKey()),
						"https://datatracker.ietf.org/doc/html/rfc6749#section-3.1");
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
			}
		}
	}

}
