package dev.authserver.protocol;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * Refuses an authorization request asking for a {@code response_mode} other than
 * {@code query}, the default, and {@code form_post}, which
 * {@link IssuerIdentifiedAuthorizationResponses} answers with a self-submitting form. The
 * framework ignores the parameter, so a client asking for {@code fragment} would get its
 * code in the query string without being told. With this, it learns at once that its
 * request is not honoured, and {@code fragment}, which puts codes and errors into the
 * browser's history and scripts' reach, cannot be asked for. Runs after the framework's
 * checks, so the error goes back to the client (in the query: the mode asked for is not
 * one we answer in).
 *
 * @see <a href=
 * "https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes">OAuth
 * 2.0 Multiple Response Type Encoding Practices §2.1</a>
 * @see <a href="https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html">OAuth
 * 2.0 Form Post Response Mode</a>
 */
class ResponseModes implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	static final String RESPONSE_MODE = "response_mode";

	static final String QUERY = "query";

	static final String FORM_POST = "form_post";

	private static final Set<String> SUPPORTED = Set.of(QUERY, FORM_POST);

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Object responseMode = request.getAdditionalParameters().get(RESPONSE_MODE);
		if (responseMode != null && !SUPPORTED.contains(responseMode)) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"response_mode must be query or form_post", null);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
		}
	}

	/**
	 * Whether a request's parameters ask for {@code form_post}; an unsupported mode is
	 * answered in the query.
	 */
	static boolean isFormPost(Map<String, Object> additionalParameters) {
		return additionalParameters != null && FORM_POST.equals(additionalParameters.get(RESPONSE_MODE));
	}

}
