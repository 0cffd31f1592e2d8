package dev.authserver.device;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.protocol.OAuth2ErrorResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The device authorization endpoint's answers: the framework's response with the
 * {@code interval} it leaves out (so devices need not guess the default of RFC 8628
 * §3.2), the verification URIs under the issuer rather than whatever host the device
 * called, and {@code Cache-Control: no-store} as for tokens, since the device code is a
 * credential; errors through the one protocol error writer.
 */
class DeviceAuthorizationResponses {

	private final OAuth2DeviceAuthorizationResponseHttpMessageConverter converter = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();

	private final Duration interval;

	DeviceAuthorizationResponses(Duration interval) {
		this.interval = interval;
	}

	void send(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2DeviceAuthorizationRequestAuthenticationToken issued = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		AuthorizationServerContext server = AuthorizationServerContextHolder.getContext();
		String verificationUri = server.getIssuer()
				+ server.getAuthorizationServerSettings().getDeviceVerificationEndpoint();
		String verificationUriComplete = UriComponentsBuilder.fromUriString(verificationUri)
			.queryParam(OAuth2ParameterNames.USER_CODE, issued.getUserCode().getTokenValue())
			.build()
			.toUriString();
		OAuth2DeviceAuthorizationResponse body = OAuth2DeviceAuthorizationResponse
			.with(issued.getDeviceCode(), issued.getUserCode())
			.verificationUri(verificationUri)
			.verificationUriComplete(verificationUriComplete)
			.interval(this.interval.toSeconds())
			.build();
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		this.converter.write(body, null, new ServletServerHttpResponse(response));
	}

	void fail(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST,
				((OAuth2AuthenticationException) exception).getError());
	}

}
