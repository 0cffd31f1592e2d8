package dev.authserver.protocol;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Writes the browser session's {@code sid} ({@link GrantingSession}) into the
 * authorization of each code the authorization endpoint issues, before the code leaves:
 * nobody can redeem it earlier. One more write per code, at an endpoint a person waits on
 * anyway; the token endpoint reads the authorization it stores whatever.
 */
final class GrantingSessionRecorder implements AuthenticationSuccessHandler {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final OAuth2AuthorizationService authorizations;

	private final AuthenticationSuccessHandler responses;

	GrantingSessionRecorder(OAuth2AuthorizationService authorizations, AuthenticationSuccessHandler responses) {
		this.authorizations = authorizations;
		this.responses = responses;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		HttpSession session = request.getSession(false);
		String code = ((OAuth2AuthorizationCodeRequestAuthenticationToken) authentication).getAuthorizationCode()
			.getTokenValue();
		OAuth2Authorization authorization = (session != null) ? this.authorizations.findByToken(code, CODE) : null;
		if (authorization != null) {
			this.authorizations.save(OAuth2Authorization.from(authorization)
				.attribute(GrantingSession.SID_ATTRIBUTE, GrantingSession.sidOf(session.getId()))
				.build());
		}
		this.responses.onAuthenticationSuccess(request, response, authentication);
	}

}
