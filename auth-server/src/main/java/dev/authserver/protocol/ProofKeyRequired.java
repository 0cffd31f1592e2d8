package dev.authserver.protocol;

import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Refuses an authorization request without a PKCE {@code code_challenge}, whatever the
 * client: RFC 9700 §2.1.1 asks for PKCE from confidential clients too, against code
 * injection. The framework asks it only of clients whose settings require it. Runs after
 * the framework's checks, so the client and its redirect URI are known good and the error
 * goes back to the client.
 */
class ProofKeyRequired implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		if (!StringUtils.hasText((String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE))) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"code_challenge is required (PKCE, method S256)",
					"https://datatracker.ietf.org/doc/html/rfc9700#section-2.1.1");
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
		}
	}

}
