package dev.authserver.protocol;

import java.time.Clock;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationEndpointConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The authorization endpoint as this server runs it: our consent page, responses that
 * carry {@code iss}, and the framework's request checks (with redirect URIs matched
 * exactly, {@link ExactRedirectUris}) followed by PKCE for every client, the query
 * response mode only and the caller's own. The consent page also comes when
 * {@code prompt=consent} asks for it ({@link PromptedConsent}); the other sign-in
 * parameters of OpenID Connect are held by a filter of their own,
 * {@link #signInRequirements}.
 */
public final class AuthorizationEndpointCustomizer implements Customizer<OAuth2AuthorizationEndpointConfigurer> {

	private static final String CONSENT_PAGE = "/oauth2/consent";

	private final String issuer;

	private final IssuerIdentifiedAuthorizationResponses responses;

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestChecks;

	/**
	 * @param issuer the issuer sent in {@code iss}
	 * @param moreChecks run after ours, once the client and its redirect URI are known
	 * good, so that their errors go back to the client
	 */
	public AuthorizationEndpointCustomizer(String issuer,
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> moreChecks) {
		this.issuer = issuer;
		this.responses = new IssuerIdentifiedAuthorizationResponses(issuer);
		this.requestChecks = new ExactRedirectUris()
			.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR)
			.andThen(new ProofKeyRequired())
			.andThen(new QueryResponseModeOnly())
			.andThen(moreChecks);
	}

	@Override
	public void customize(OAuth2AuthorizationEndpointConfigurer endpoint) {
		endpoint.consentPage(CONSENT_PAGE)
			.authorizationResponseHandler(this.responses)
			.errorResponseHandler(this.responses)
			.authenticationProviders((providers) -> providers.stream()
				.filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
				.map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
				.forEach((provider) -> {
					provider.setAuthenticationValidator(this.requestChecks);
					provider.setAuthorizationConsentRequired(new PromptedConsent());
				}));
	}

	/**
	 * The filter that holds the sign-in to {@code prompt}, {@code max_age} and
	 * {@code id_token_hint} ({@link SignInRequirementsFilter}), answering errors as this
	 * endpoint does; it goes before the chain's authorization check.
	 * @param jwkSource our signing keys, which verify an {@code id_token_hint}
	 */
	public Filter signInRequirements(RegisteredClientRepository clients, JWKSource<SecurityContext> jwkSource) {
		return new SignInRequirementsFilter(clients, new IdTokenHints(jwkSource, this.issuer), this.responses,
				Clock.systemUTC());
	}

}
