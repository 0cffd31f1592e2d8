package dev.authserver.passkeys;

import java.io.IOException;
import java.util.Map;

import dev.authserver.web.OwnPageRedirectStrategy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Answers a passkey sign-in with the JSON the framework's
 * {@code HttpMessageConverterAuthenticationSuccessHandler} writes
 * ({@code {"authenticated": true, "redirectUrl": ...}}), which the login page's script
 * follows, but with the saved request's path and query only, as the password form's
 * redirect ({@link OwnPageRedirectStrategy}): the saved URL's host is whatever the
 * request's {@code Host} header said.
 */
final class PasskeySignInSuccessHandler implements AuthenticationSuccessHandler {

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		SavedRequest saved = this.requestCache.getRequest(request, response);
		String target = (saved != null) ? OwnPageRedirectStrategy.pathAndQuery(saved.getRedirectUrl()) : "/";
		this.requestCache.removeRequest(request, response);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), Map.of("authenticated", true, "redirectUrl", target));
	}

}
