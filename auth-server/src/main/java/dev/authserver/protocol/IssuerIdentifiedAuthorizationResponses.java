package dev.authserver.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The authorization endpoint's responses, as the framework sends them, with this server's
 * issuer in an {@code iss} parameter (RFC 9207): a client that talks to several
 * authorization servers can then tell which one answered, which defeats mix-up attacks
 * (RFC 9700 §4.4). They go in the redirect's query, or, for a request that asked for
 * {@code response_mode=form_post}, in a form posted to the redirect URI
 * ({@link FormPostResponses}), errors as well as codes. A request whose client or
 * redirect URI could not be trusted is answered here with an error page, never a redirect
 * nor a form, as the framework does (RFC 6749 §4.1.2.1).
 */
class IssuerIdentifiedAuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final String issuer;

	private final OAuth2AuthorizationService authorizations;

	private final FormPostResponses formPosts;

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	IssuerIdentifiedAuthorizationResponses(String issuer, OAuth2AuthorizationService authorizations,
			FormPostResponses formPosts) {
		this.issuer = issuer;
		this.authorizations = authorizations;
		this.formPosts = formPosts;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken authorization = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		String code = authorization.getAuthorizationCode().getTokenValue();
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put(OAuth2ParameterNames.CODE, code);
		respond(request, response, authorization.getRedirectUri(), parameters, authorization.getState(),
				isFormPost(code));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationException authorizationException = (OAuth2AuthorizationCodeRequestAuthenticationException) exception;
		OAuth2Error error = authorizationException.getError();
		OAuth2AuthorizationCodeRequestAuthenticationToken authorization = authorizationException
			.getAuthorizationCodeRequestAuthentication();
		if (authorization == null || !StringUtils.hasText(authorization.getRedirectUri())) {
			OAuth2ErrorPage.send(request, response, error);
			return;
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			parameters.put(OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
		}
		if (StringUtils.hasText(error.getUri())) {
			parameters.put(OAuth2ParameterNames.ERROR_URI, error.getUri());
		}
		respond(request, response, authorization.getRedirectUri(), parameters, authorization.getState(),
				ResponseModes.isFormPost(authorization.getAdditionalParameters()));
	}

	private void respond(HttpServletRequest request, HttpServletResponse response, String redirectUri,
			Map<String, String> parameters, String state, boolean formPost) throws IOException {
		if (StringUtils.hasText(state)) {
			parameters.put(OAuth2ParameterNames.STATE, state);
		}
		parameters.put("iss", this.issuer);
		if (formPost) {
			this.formPosts.send(response, redirectUri, parameters);
			return;
		}
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(redirectUri);
		parameters.forEach((name, value) -> redirect.queryParam(name, encode(value)));
		this.redirectStrategy.sendRedirect(request, response, redirect.build(true).toUriString());
	}

	/**
	 * Whether the request that this code answers asked for {@code form_post}. The
	 * framework's success result carries none of the request's other parameters, and the
	 * query may not be the request (a request object's or a pushed request's parameters
	 * are, RFC 9101 §6.3): the authorization the framework has just saved for the code
	 * holds the request as it was read.
	 */
	private boolean isFormPost(String code) {
		OAuth2Authorization authorization = this.authorizations.findByToken(code, CODE);
		OAuth2AuthorizationRequest authorizationRequest = (authorization != null)
				? authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		return authorizationRequest != null && ResponseModes.isFormPost(authorizationRequest.getAdditionalParameters());
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
