package dev.authserver.device;

import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages of the device verification: where the user enters the code their device shows
 * (the {@code verification_uri}), and where they approve or deny the device's request.
 * The framework's verification endpoint shares the first page's address: it takes every
 * request that carries a {@code user_code} and sends it on to the second; this controller
 * sees the others, with the outcome to show.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8628#section-3.3">RFC 8628 §3.3</a>
 */
@Controller
class DeviceVerificationController {

	/** Where the framework's verification endpoint sends the user to approve or deny. */
	static final String CONSENT_PAGE = "/device/consent";

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private static final Set<String> RESULTS = Set.of("approved", "denied");

	private final RegisteredClientRepository registeredClients;

	private final OAuth2AuthorizationService authorizations;

	private final MessageSource messages;

	private final String verificationPage;

	DeviceVerificationController(RegisteredClientRepository registeredClients,
			OAuth2AuthorizationService authorizations, MessageSource messages, AuthorizationServerSettings settings) {
		this.registeredClients = registeredClients;
		this.authorizations = authorizations;
		this.messages = messages;
		this.verificationPage = settings.getDeviceVerificationEndpoint();
	}

	/** Where the pages' forms go. */
	@ModelAttribute("verificationPage")
	String verificationPage() {
		return this.verificationPage;
	}

	/**
	 * The code page, or its result after the approval step; a form sent without a code
	 * (only requests with a {@code user_code} reach the framework) asks for one.
	 */
	@RequestMapping(
			path = "${spring.security.oauth2.authorizationserver.endpoint.device-verification-uri:/oauth2/device_verification}",
			method = { RequestMethod.GET, RequestMethod.POST })
	String verify(@RequestParam(name = "result", required = false) String result, Model model,
			HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (result != null && RESULTS.contains(result)) {
			model.addAttribute("result", result);
		}
		return DeviceVerificationResponses.VERIFY_VIEW;
	}

	/**
	 * The approval step: which application asks, for what, with the code to compare with
	 * the device's (RFC 8628 §5.4: a user sent a code by someone else sees which
	 * application they would let in). Asked every time, even when the user approved the
	 * same scopes before, since a code alone does not show whose device asks.
	 */
	@GetMapping(CONSENT_PAGE)
	String consent(Principal principal, Model model, Locale locale, HttpServletResponse response,
			@RequestParam(name = OAuth2ParameterNames.CLIENT_ID, defaultValue = "") String clientId,
			@RequestParam(name = OAuth2ParameterNames.STATE, defaultValue = "") String state,
			@RequestParam(name = OAuth2ParameterNames.USER_CODE, defaultValue = "") String userCode) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		RegisteredClient client = clientId.isEmpty() ? null : this.registeredClients.findByClientId(clientId);
		OAuth2Authorization pending = state.isEmpty() ? null : this.authorizations.findByToken(state, STATE);
		if (client == null || pending == null || !pending.getRegisteredClientId().equals(client.getId())
				|| !principal.getName().equals(pending.getPrincipalName())) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("error",
					"This request is no longer waiting for your approval. Start again on your device.");
			return DeviceVerificationResponses.VERIFY_VIEW;
		}
		Collection<String> scopes = pending.getAttribute(OAuth2ParameterNames.SCOPE);
		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", client.getClientName());
		model.addAttribute("state", state);
		model.addAttribute("userCode", userCode);
		model.addAttribute("username", principal.getName());
		model.addAttribute("scopes", describe((scopes != null) ? scopes : List.of(), locale));
		return "device/consent";
	}

	private List<ScopeWithDescription> describe(Collection<String> scopes, Locale locale) {
		return scopes.stream()
			.sorted()
			.map((scope) -> new ScopeWithDescription(scope,
					this.messages.getMessage("scope." + scope, null, scope, locale)))
			.toList();
	}

	record ScopeWithDescription(String scope, String description) {
	}

}
