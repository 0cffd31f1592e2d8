package dev.authserver.protocol;

import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;

/**
 * The framework's consent step, whose errors keep the response mode of the request they
 * answer. Its errors ({@code access_denied} when the user declines, {@code invalid_scope}
 * for a scope not asked for) carry none of the request's parameters, and by the time a
 * declined consent is reported the pending authorization is deleted; so the mode is read
 * from the pending authorization first. Without this, a {@code form_post} request's
 * refusal would go out in the query string.
 */
final class ConsentErrorResponseMode implements AuthenticationProvider {

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final AuthenticationProvider consent;

	private final OAuth2AuthorizationService authorizations;

	ConsentErrorResponseMode(OAuth2AuthorizationConsentAuthenticationProvider consent,
			OAuth2AuthorizationService authorizations) {
		this.consent = consent;
		this.authorizations = authorizations;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2AuthorizationConsentAuthenticationToken consentRequest = (OAuth2AuthorizationConsentAuthenticationToken) authentication;
		Object responseMode = responseMode(consentRequest.getState());
		try {
			return this.consent.authenticate(authentication);
		}
		catch (OAuth2AuthorizationCodeRequestAuthenticationException ex) {
			OAuth2AuthorizationCodeRequestAuthenticationToken result = ex.getAuthorizationCodeRequestAuthentication();
			if (responseMode == null || result == null) {
				throw ex;
			}
			OAuth2AuthorizationCodeRequestAuthenticationToken withMode = new OAuth2AuthorizationCodeRequestAuthenticationToken(
					result.getAuthorizationUri(), result.getClientId(), (Authentication) result.getPrincipal(),
					result.getRedirectUri(), result.getState(), result.getScopes(),
					Map.of(ResponseModes.RESPONSE_MODE, responseMode));
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(ex.getError(), withMode);
		}
	}

	private Object responseMode(String state) {
		if (state == null) {
			return null;
		}
		OAuth2Authorization pending = this.authorizations.findByToken(state, STATE);
		OAuth2AuthorizationRequest request = (pending != null)
				? pending.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		return (request != null) ? request.getAdditionalParameters().get(ResponseModes.RESPONSE_MODE) : null;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.consent.supports(authentication);
	}

}
