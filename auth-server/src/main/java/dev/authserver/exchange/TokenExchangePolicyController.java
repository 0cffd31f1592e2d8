package dev.authserver.exchange;

import java.security.Principal;
import java.util.Optional;

import dev.authserver.clients.ClientAdministration;
import dev.authserver.clients.InvalidClientMetadataException;
import dev.authserver.tokens.ResourceIndicators;
import dev.authserver.tokens.TokenExchangePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's page of a client's token exchange policy (RFC 8693): which audiences it
 * may exchange tokens for, whether it may impersonate, the most scope and the longest
 * lifetime of the new tokens. Saved through {@link ClientAdministration}, which checks
 * it.
 */
@Controller
@RequestMapping("/admin/clients/{clientId}/token-exchange")
class TokenExchangePolicyController {

	private static final Logger log = LoggerFactory.getLogger(TokenExchangePolicyController.class);

	private static final String PAGE = "admin/clients/token-exchange";

	private final JdbcRegisteredClientRepository clients;

	private final ClientAdministration administration;

	private final ResourceIndicators resourceIndicators;

	TokenExchangePolicyController(JdbcRegisteredClientRepository clients, ClientAdministration administration,
			ResourceIndicators resourceIndicators) {
		this.clients = clients;
		this.administration = administration;
		this.resourceIndicators = resourceIndicators;
	}

	@GetMapping
	String policy(@PathVariable String clientId, Model model) {
		RegisteredClient client = existing(clientId);
		return page(client, TokenExchangePolicyForm.of(TokenExchangePolicy.of(client)), model);
	}

	@PostMapping
	String update(@PathVariable String clientId, @ModelAttribute("policy") TokenExchangePolicyForm form,
			BindingResult errors, Principal admin, Model model, RedirectAttributes redirect) {
		RegisteredClient client = existing(clientId);
		Optional<TokenExchangePolicy> policy = form.toPolicy(errors);
		if (policy.isEmpty()) {
			return page(client, form, model);
		}
		try {
			this.administration.updateTokenExchangePolicy(client, policy.get());
		}
		catch (InvalidClientMetadataException ex) {
			errors.rejectValue(ex.getField(), ex.getErrorCode(), ex.getMessage());
			return page(client, form, model);
		}
		log.info("Token exchange policy of client {} set to audiences {} by admin {}", clientId,
				policy.get().audiences(), admin.getName());
		redirect.addFlashAttribute("notice", "Token exchange policy saved: it applies to exchanges from now on.");
		return "redirect:" + UriComponentsBuilder.fromPath("/admin/clients/{clientId}/token-exchange")
			.buildAndExpand(clientId)
			.encode()
			.toUriString();
	}

	private String page(RegisteredClient client, TokenExchangePolicyForm form, Model model) {
		model.addAttribute("client", client);
		model.addAttribute("policy", form);
		model.addAttribute("knownResources", this.resourceIndicators.knownResources());
		model.addAttribute("grantMissing",
				!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE));
		return PAGE;
	}

	private RegisteredClient existing(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return client;
	}

}
