package dev.authserver.protocol;

import java.util.function.Consumer;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationEndpointConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * The authorization endpoint as this server runs it: our consent page, responses that
 * carry {@code iss}, and the framework's request checks (with redirect URIs matched
 * exactly, {@link ExactRedirectUris}) followed by PKCE for every client, the query
 * response mode only and the caller's own.
 */
public final class AuthorizationEndpointCustomizer implements Customizer<OAuth2AuthorizationEndpointConfigurer> {

	private static final String CONSENT_PAGE = "/oauth2/consent";

	private final String consentPage;

	private final IssuerIdentifiedAuthorizationResponses responses;

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestChecks;

	/**
	 * @param issuer the issuer, sent in {@code iss} and the base of the consent page URL
	 * @param moreChecks run after ours, once the client and its redirect URI are known
	 * good, so that their errors go back to the client
	 */
	public AuthorizationEndpointCustomizer(String issuer,
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> moreChecks) {
		this.consentPage = issuer + CONSENT_PAGE;
		this.responses = new IssuerIdentifiedAuthorizationResponses(issuer);
		this.requestChecks = new ExactRedirectUris()
			.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR)
			.andThen(new ProofKeyRequired())
			.andThen(new QueryResponseModeOnly())
			.andThen(moreChecks);
	}

	/**
	 * The consent page as a URL under the issuer: given a path, the framework makes it
	 * absolute with the host the request named, which the caller chooses
	 * ({@code OAuth2AuthorizationEndpointFilter.resolveConsentUri}; no upstream issue
	 * found as of 2026-12).
	 */
	@Override
	public void customize(OAuth2AuthorizationEndpointConfigurer endpoint) {
		endpoint.consentPage(this.consentPage)
			.authorizationResponseHandler(this.responses)
			.errorResponseHandler(this.responses)
			.authenticationProviders((providers) -> providers.stream()
				.filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
				.map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
				.forEach((provider) -> provider.setAuthenticationValidator(this.requestChecks)));
	}

}
