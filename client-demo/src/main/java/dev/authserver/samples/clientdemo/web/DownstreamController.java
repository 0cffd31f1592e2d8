package dev.authserver.samples.clientdemo.web;

import dev.authserver.samples.clientdemo.api.DownstreamApi;
import dev.authserver.samples.clientdemo.api.MessagesApi;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Shows what the downstream API says of the signed-in user when the resource server calls
 * it with a token exchanged for the user's (RFC 8693): the user as {@code sub}, the
 * resource server as {@code act}; and that it refuses the user's own token.
 */
@Controller
class DownstreamController {

	private final MessagesApi api;

	private final DownstreamApi downstreamApi;

	private final OAuth2AuthorizedClientRepository authorizedClients;

	DownstreamController(MessagesApi api, DownstreamApi downstreamApi,
			OAuth2AuthorizedClientRepository authorizedClients) {
		this.api = api;
		this.downstreamApi = downstreamApi;
		this.authorizedClients = authorizedClients;
	}

	@GetMapping("/downstream")
	String downstream(Authentication user, HttpServletRequest request, Model model) {
		model.addAttribute("identity", this.api.downstreamIdentity(MessagesApi.USER));
		OAuth2AuthorizedClient client = this.authorizedClients.loadAuthorizedClient(MessagesApi.USER, user, request);
		model.addAttribute("ownToken", this.downstreamApi.answerTo(client.getAccessToken().getTokenValue()));
		return "downstream";
	}

}
