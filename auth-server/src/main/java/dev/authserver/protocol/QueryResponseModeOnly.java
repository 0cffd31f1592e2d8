package dev.authserver.protocol;

import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * Refuses an authorization request asking for any {@code response_mode} but
 * {@code query}, the only one the server answers in. The framework ignores the parameter,
 * so a client asking for {@code fragment} or {@code form_post} would get its code in the
 * query string without being told. With this, it learns at once that its request is not
 * honoured, and no other mode ({@code fragment}, which puts codes and errors into the
 * browser's history and scripts' reach) can be asked for. Runs after the framework's
 * checks, so the error goes back to the client.
 *
 * @see <a href=
 * "https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes">OAuth
 * 2.0 Multiple Response Type Encoding Practices §2.1</a>
 */
class QueryResponseModeOnly implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	static final String RESPONSE_MODE = "response_mode";

	static final String QUERY = "query";

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Object responseMode = request.getAdditionalParameters().get(RESPONSE_MODE);
		if (responseMode != null && !QUERY.equals(responseMode)) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"response_mode must be query, the only one supported", null);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
		}
	}

}
