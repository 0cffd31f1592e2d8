package dev.authserver.protocol;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;
import org.thymeleaf.ITemplateEngine;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationEndpointConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The authorization endpoint as this server runs it: our consent page, responses that
 * carry {@code iss} in the query or a posted form, and the framework's request checks
 * (with redirect URIs matched exactly, {@link ExactRedirectUris}) followed by the rules
 * of {@code request} and {@code request_uri} (given by the caller), PKCE for every
 * client, the supported response modes and the caller's own. The consent page also comes
 * when {@code prompt=consent} asks for it ({@link PromptedConsent}); the other sign-in
 * parameters of OpenID Connect are held by a filter of their own,
 * {@link #signInRequirements}.
 */
public final class AuthorizationEndpointCustomizer implements Customizer<OAuth2AuthorizationEndpointConfigurer> {

	private static final String CONSENT_PAGE = "/oauth2/consent";

	private final String issuer;

	private final String consentPage;

	private final IssuerIdentifiedAuthorizationResponses responses;

	private final OAuth2AuthorizationService authorizations;

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestChecks;

	private final UnaryOperator<AuthenticationConverter> requestConverter;

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> redemption;

	/**
	 * @param issuer the issuer, sent in {@code iss} and the base of the consent page URL
	 * @param authorizations where the framework keeps pending authorizations and codes,
	 * from which a response reads the mode its request asked for
	 * @param templates renders the form post response mode's page
	 * @param requestConverter wraps the framework's request converter to read
	 * {@code request} and {@code request_uri}
	 * @param requestObjectChecks the refusals of what that converter found, run first
	 * once the client and its redirect URI are known good
	 * @param redemption uses up what a request may use once, when the user is signed in
	 * and the request goes on to a consent or a code; it may refuse the request
	 * @param moreChecks run after ours, once the client and its redirect URI are known
	 * good, so that their errors go back to the client
	 */
	public AuthorizationEndpointCustomizer(String issuer, OAuth2AuthorizationService authorizations,
			ITemplateEngine templates, UnaryOperator<AuthenticationConverter> requestConverter,
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestObjectChecks,
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> redemption,
			Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> moreChecks) {
		this.issuer = issuer;
		this.consentPage = issuer + CONSENT_PAGE;
		this.responses = new IssuerIdentifiedAuthorizationResponses(issuer, authorizations,
				new FormPostResponses(templates));
		this.authorizations = authorizations;
		this.requestConverter = requestConverter;
		this.redemption = redemption;
		this.requestChecks = new ExactRedirectUris().andThen(new RepeatedParametersRefused())
			.andThen(requestObjectChecks)
			.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR)
			.andThen(new ProofKeyRequired())
			.andThen(new ResponseModes())
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
			.authorizationRequestConverters((converters) -> converters.replaceAll((converter) -> {
				if (converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter) {
					return this.requestConverter.apply(converter);
				}
				return converter;
			}))
			.authorizationResponseHandler(new GrantingSessionRecorder(this.authorizations, this.responses))
			.errorResponseHandler(this.responses)
			.authenticationProviders((providers) -> providers.replaceAll((provider) -> {
				if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider requests) {
					requests.setAuthenticationValidator(this.requestChecks);
					requests.setAuthorizationConsentRequired(redeemedThen(new PromptedConsent()));
				}
				else if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
					return new ConsentErrorResponseMode(consent, this.authorizations);
				}
				return provider;
			}));
	}

	/**
	 * The framework's provider asks whether consent is required once per request, when
	 * the user is signed in and right before it stores a consent's state or a code: the
	 * one moment to use up what a request may use once. Its provider is final, and the
	 * chain's configuration finds the request checks on it by its type
	 * ({@code OAuth2AuthorizationEndpointConfigurer.init}), so it cannot be wrapped.
	 */
	private Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> redeemedThen(
			Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> consentRequired) {
		return (context) -> {
			this.redemption.accept(context);
			return consentRequired.test(context);
		};
	}

	/**
	 * Every check of an authorization request, for the pushed authorization request
	 * endpoint (RFC 9126 §2.1: validated as at the authorization endpoint).
	 */
	public Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> requestChecks() {
		return this.requestChecks;
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
