package dev.authserver.web;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.protocol.OAuth2ErrorPage;

import org.springframework.context.MessageSource;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
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
 */
@Controller
class ConsentController {

	private static final String SCOPE_DESCRIPTION_PREFIX = "scope.";

	private final RegisteredClientRepository registeredClients;

	private final OAuth2AuthorizationConsentService consents;

	private final MessageSource messages;

	ConsentController(RegisteredClientRepository registeredClients, OAuth2AuthorizationConsentService consents,
			MessageSource messages) {
		this.registeredClients = registeredClients;
		this.consents = consents;
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
		OAuth2AuthorizationConsent previous = this.consents.findById(client.getId(), principal.getName());
		Set<String> previouslyApproved = (previous != null) ? previous.getScopes() : Set.of();

		Set<String> toApprove = new LinkedHashSet<>();
		Set<String> alreadyApproved = new LinkedHashSet<>();
		// openid needs no consent of its own: it only says that the client uses OpenID
		// Connect.
		for (String requested : StringUtils.delimitedListToStringArray(scope, " ")) {
			if (requested.isEmpty() || OidcScopes.OPENID.equals(requested)) {
				continue;
			}
			(previouslyApproved.contains(requested) ? alreadyApproved : toApprove).add(requested);
		}
		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("state", state);
		model.addAttribute("username", principal.getName());
		model.addAttribute("scopesToApprove", describe(toApprove, locale));
		model.addAttribute("previouslyApprovedScopes", describe(alreadyApproved, locale));
		return "consent";
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

}
