package dev.authserver.samples.clientdemo.signin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * A sign-in started with {@code ?step-up} asks the auth-server for a second factor with
 * {@code acr_values} (OpenID Connect Core §3.1.2.1): a user signed in there with the
 * password only gets its second step, not a new sign-in, and the ID token then says
 * {@code acr} is the mfa value. The value is the auth-server's, repeated here: this app
 * imports none of its classes.
 */
class StepUpAuthorizationRequests implements OAuth2AuthorizationRequestResolver {

	static final String MFA_ACR = "urn:dev-authserver:acr:mfa";

	static final String STEP_UP_PARAMETER = "step-up";

	private final OAuth2AuthorizationRequestResolver resolver;

	StepUpAuthorizationRequests(OAuth2AuthorizationRequestResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		return stepUp(request, this.resolver.resolve(request));
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		return stepUp(request, this.resolver.resolve(request, clientRegistrationId));
	}

	private static OAuth2AuthorizationRequest stepUp(HttpServletRequest request,
			OAuth2AuthorizationRequest authorizationRequest) {
		if (authorizationRequest == null || request.getParameter(STEP_UP_PARAMETER) == null) {
			return authorizationRequest;
		}
		return OAuth2AuthorizationRequest.from(authorizationRequest)
			.additionalParameters((parameters) -> parameters.put("acr_values", MFA_ACR))
			.build();
	}

}
