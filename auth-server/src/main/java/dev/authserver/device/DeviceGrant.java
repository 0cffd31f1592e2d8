package dev.authserver.device;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2DeviceAuthorizationEndpointConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2DeviceVerificationEndpointConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The device authorization grant's parts of the authorization-server chain (RFC 8628):
 * its two endpoints, the authentication of public device clients, and {@code slow_down}
 * at the token endpoint.
 */
public class DeviceGrant {

	private final AuthorizationServerSettings settings;

	private final RegisteredClientRepository registeredClients;

	private final DeviceAuthorizationResponses authorizationResponses;

	private final DeviceVerificationResponses verificationResponses;

	private final JdbcDeviceCodePolls polls;

	private final UserCodeGenerator userCodes = new UserCodeGenerator();

	DeviceGrant(AuthorizationServerSettings settings, RegisteredClientRepository registeredClients,
			DeviceAuthorizationResponses authorizationResponses, DeviceVerificationResponses verificationResponses,
			JdbcDeviceCodePolls polls) {
		this.settings = settings;
		this.registeredClients = registeredClients;
		this.authorizationResponses = authorizationResponses;
		this.verificationResponses = verificationResponses;
		this.polls = polls;
	}

	/**
	 * The device authorization endpoint with our user codes, default scopes and
	 * responses.
	 */
	public Customizer<OAuth2DeviceAuthorizationEndpointConfigurer> authorizationEndpoint() {
		return (endpoint) -> endpoint.authenticationProviders(this::withOurUserCodes)
			.deviceAuthorizationResponseHandler(this.authorizationResponses::send)
			.errorResponseHandler(this.authorizationResponses::fail);
	}

	private void withOurUserCodes(List<AuthenticationProvider> providers) {
		providers.replaceAll((provider) -> {
			if (provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider requests) {
				requests.setUserCodeGenerator(this.userCodes);
				return new DefaultDeviceScopes(requests);
			}
			return provider;
		});
	}

	/**
	 * The verification endpoint: throttled, asking for approval every time, its answers
	 * on our pages.
	 */
	public Customizer<OAuth2DeviceVerificationEndpointConfigurer> verificationEndpoint() {
		return (endpoint) -> endpoint
			.deviceVerificationRequestConverters(
					(converters) -> converters.add(0, this.verificationResponses.throttleCheck()))
			.authenticationProviders((providers) -> providers.forEach((provider) -> {
				if (provider instanceof OAuth2DeviceVerificationAuthenticationProvider verification) {
					verification.setAuthorizationConsentRequired((context) -> true);
				}
			}))
			.consentPage(DeviceVerificationController.CONSENT_PAGE)
			.deviceVerificationResponseHandler(this.verificationResponses::approved)
			.errorResponseHandler(this.verificationResponses::failed);
	}

	/**
	 * Public clients' device requests, which carry only their {@code client_id}: a
	 * converter to add after the framework's, and its provider. The client authentication
	 * configurer keeps one converters consumer only (a second replaces the first), so the
	 * caller adds these in its own.
	 */
	public AuthenticationConverter publicClientConverter() {
		return PublicDeviceClients.converter(
				PathPatternRequestMatcher.withDefaults().matcher(this.settings.getDeviceAuthorizationEndpoint()));
	}

	/** Authenticates what {@link #publicClientConverter()} reads. */
	public AuthenticationProvider publicClientProvider() {
		return PublicDeviceClients.provider(this.registeredClients);
	}

	/**
	 * The token endpoint's device code grant, with {@code slow_down}, and
	 * {@code invalid_grant} for a device code used already.
	 */
	public AuthenticationProvider withPollingRules(AuthenticationProvider deviceCodes,
			OAuth2AuthorizationService authorizations) {
		return new PolledDeviceCodes(deviceCodes, authorizations, this.polls);
	}

	/** The verification page's path, whose pages need the page policy's headers. */
	public String verificationPage() {
		return this.settings.getDeviceVerificationEndpoint();
	}

}
