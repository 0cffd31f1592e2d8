package dev.authserver.web;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.protocol.OAuth2ErrorPage;
import dev.authserver.registration.JdbcClientRegistrationRepository;

import org.springframework.context.MessageSource;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Shows the consent page the authorization endpoint redirects to. The page posts the
 * user's decision back to the authorization endpoint, which records the consent. Each
 * scope is described by the message {@code scope.<name>} (Boot's
 * {@code spring.messages.basename} names the bundles, so an operator adds the
 * descriptions of their own scopes, in any language, without code); a scope without one
 * is shown by its name.
 * <p>
 * The page's address is only a pointer to the pending authorization request, which the
 * authorization endpoint stored under the address's {@code state}: the page shows that
 * request, never a crafted address's other scopes. Beside the client's name, which the
 * client chose, it shows the host the user's browser goes back to and whether the client
 * registered itself, so a copied name of a known application does not pass for it.
 */
@Controller
class ConsentController {

	private static final String SCOPE_DESCRIPTION_PREFIX = "scope.";

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private final RegisteredClientRepository registeredClients;

	private final OAuth2AuthorizationConsentService consents;

	private final OAuth2AuthorizationService authorizations;

	private final JdbcClientRegistrationRepository registrations;

	private final MessageSource messages;

	ConsentController(RegisteredClientRepository registeredClients, OAuth2AuthorizationConsentService consents,
			OAuth2AuthorizationService authorizations, JdbcClientRegistrationRepository registrations,
			MessageSource messages) {
		this.registeredClients = registeredClients;
		this.consents = consents;
		this.authorizations = authorizations;
		this.registrations = registrations;
		this.messages = messages;
	}

	@GetMapping("/oauth2/consent")
	String consent(Principal principal, Model model, @RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(name = OAuth2ParameterNames.SCOPE, defaultValue = "") String scope,
			@RequestParam(OAuth2ParameterNames.STATE) String state, Locale locale) {
		RegisteredClient client = this.registeredClients.findByClientId(clientId);
		if (client == null) {
			throw new UnknownClientException();
		}
		OAuth2AuthorizationRequest pending = pendingRequest(client, principal, state);
		Set<String> requestedScopes = new LinkedHashSet<>(
				Arrays.asList(StringUtils.delimitedListToStringArray(scope, " ")));
		if (!pending.getScopes().equals(requestedScopes)) {
			throw new ConsentRequestMismatchException();
		}
		OAuth2AuthorizationConsent previous = this.consents.findById(client.getId(), principal.getName());
		Set<String> previouslyApproved = (previous != null) ? previous.getScopes() : Set.of();

		Set<String> toApprove = new LinkedHashSet<>();
		Set<String> alreadyApproved = new LinkedHashSet<>();
		// openid needs no consent of its own: it only says that the client uses OpenID
		// Connect.
		for (String requested : requestedScopes) {
			if (OidcScopes.OPENID.equals(requested)) {
				continue;
			}
			(previouslyApproved.contains(requested) ? alreadyApproved : toApprove).add(requested);
		}
		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("redirectHost", redirectHost(client, pending));
		model.addAttribute("registeredDynamically", this.registrations.isRegisteredDynamically(client.getId()));
		model.addAttribute("state", state);
		model.addAttribute("username", principal.getName());
		model.addAttribute("scopesToApprove", describe(toApprove, locale));
		model.addAttribute("previouslyApprovedScopes", describe(alreadyApproved, locale));
		return "consent";
	}

	/**
	 * The authorization request the user is asked about: the one the authorization
	 * endpoint stored for this client and user under this state.
	 */
	private OAuth2AuthorizationRequest pendingRequest(RegisteredClient client, Principal principal, String state) {
		OAuth2Authorization authorization = this.authorizations.findByToken(state, STATE);
		if (authorization == null || !authorization.getRegisteredClientId().equals(client.getId())
				|| !authorization.getPrincipalName().equals(principal.getName())) {
			throw new ConsentRequestMismatchException();
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request == null) {
			throw new ConsentRequestMismatchException();
		}
		return request;
	}

	/**
	 * The host of the redirect URI of this very request; a request without one goes to
	 * the client's only registered URI (RFC 6749 §3.1.2.3).
	 */
	private static String redirectHost(RegisteredClient client, OAuth2AuthorizationRequest request) {
		String redirectUri = (request.getRedirectUri() != null) ? request.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		return URI.create(redirectUri).getHost();
	}

	private List<ScopeWithDescription> describe(Set<String> scopes, Locale locale) {
		return scopes.stream()
			.map((scope) -> new ScopeWithDescription(scope,
					this.messages.getMessage(SCOPE_DESCRIPTION_PREFIX + scope, null, scope, locale)))
			.toList();
	}

	record ScopeWithDescription(String scope, String description) {
	}

	/**
	 * An unknown client has no redirect URI to be told at (RFC 6749 §4.1.2.1): the
	 * browser gets the error page.
	 */
	@ExceptionHandler(UnknownClientException.class)
	void unknownClient(HttpServletRequest request, HttpServletResponse response) throws IOException {
		OAuth2ErrorPage.send(request, response,
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "unknown client", null));
	}

	/**
	 * A consent address that is not the one the authorization endpoint sent the user to:
	 * the browser gets the error page rather than a page that asks for something else.
	 */
	@ExceptionHandler(ConsentRequestMismatchException.class)
	void mismatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
		OAuth2ErrorPage.send(request, response, new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
				"this consent page does not match a pending authorization request; start again from the application",
				null));
	}

}
