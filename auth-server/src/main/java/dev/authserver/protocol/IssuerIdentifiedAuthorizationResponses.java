package dev.authserver.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
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
 * (RFC 9700 §4.4). A request whose client or redirect URI could not be trusted is
 * answered here with an error page, never a redirect, as the framework does.
 */
class IssuerIdentifiedAuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final String issuer;

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	IssuerIdentifiedAuthorizationResponses(String issuer) {
		this.issuer = issuer;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken authorization = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
			.queryParam("code", authorization.getAuthorizationCode().getTokenValue());
		redirect(request, response, redirect, authorization.getState());
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
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
			.queryParam("error", error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			redirect.queryParam("error_description", encode(error.getDescription()));
		}
		if (StringUtils.hasText(error.getUri())) {
			redirect.queryParam("error_uri", encode(error.getUri()));
		}
		redirect(request, response, redirect, authorization.getState());
	}

	private void redirect(HttpServletRequest request, HttpServletResponse response, UriComponentsBuilder redirect,
			String state) throws IOException {
		if (StringUtils.hasText(state)) {
			redirect.queryParam("state", encode(state));
		}
		redirect.queryParam("iss", encode(this.issuer));
		this.redirectStrategy.sendRedirect(request, response, redirect.build(true).toUriString());
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
