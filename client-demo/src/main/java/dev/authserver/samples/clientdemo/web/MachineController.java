package dev.authserver.samples.clientdemo.web;

import jakarta.servlet.http.HttpServletRequest;

import dev.authserver.samples.clientdemo.api.MessagesApi;
import dev.authserver.samples.clientdemo.mtls.MutualTls;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The machine-to-machine example: no user at all, a client-credentials token of the
 * demo's own, obtained with a client secret or a client certificate (mutual TLS).
 */
@Controller
class MachineController {

	private final MessagesApi api;

	private final OAuth2AuthorizedClientRepository authorizedClients;

	private final MutualTls mutualTls;

	MachineController(MessagesApi api, OAuth2AuthorizedClientRepository authorizedClients, MutualTls mutualTls) {
		this.api = api;
		this.authorizedClients = authorizedClients;
		this.mutualTls = mutualTls;
	}

	/**
	 * The token is kept for whoever opens the page, an anonymous visitor included, as the
	 * API calls obtained it.
	 */
	@GetMapping("/machine")
	String machine(@CurrentSecurityContext(expression = "authentication") Authentication caller,
			HttpServletRequest request, Model model) {
		model.addAttribute("me", this.api.me(MessagesApi.MACHINE));
		model.addAttribute("messages", this.api.messages(MessagesApi.MACHINE));
		OAuth2AuthorizedClient client = this.authorizedClients.loadAuthorizedClient(MessagesApi.MACHINE, caller,
				request);
		model.addAttribute("accessToken", client.getAccessToken());
		model.addAttribute("clientAuthentication", client.getClientRegistration().getClientAuthenticationMethod());
		if (this.mutualTls.usedBy(MessagesApi.MACHINE)) {
			model.addAttribute("clientCertificate", this.mutualTls.certificateSubject());
		}
		return "machine";
	}

}
