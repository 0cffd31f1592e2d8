package dev.authserver.samples.clientdemo.web;

import jakarta.servlet.http.HttpServletRequest;

import dev.authserver.samples.clientdemo.api.MessagesApi;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Calls the resource-server as the signed-in user and shows what it answers.
 */
@Controller
class MessagesController {

	private final MessagesApi api;

	private final OAuth2AuthorizedClientRepository authorizedClients;

	MessagesController(MessagesApi api, OAuth2AuthorizedClientRepository authorizedClients) {
		this.api = api;
		this.authorizedClients = authorizedClients;
	}

	@GetMapping("/messages")
	String messages(Authentication user, HttpServletRequest request, Model model) {
		model.addAttribute("messages", this.api.messages(MessagesApi.USER));
		model.addAttribute("me", this.api.me(MessagesApi.USER));
		// Read after the calls: the token they used, refreshed by then if it was about to
		// expire.
		OAuth2AuthorizedClient client = this.authorizedClients.loadAuthorizedClient(MessagesApi.USER, user, request);
		model.addAttribute("accessToken", client.getAccessToken());
		return "messages";
	}

	@PostMapping("/messages")
	String post(@RequestParam String text, RedirectAttributes redirect) {
		if (!StringUtils.hasText(text) || text.length() > 500) {
			redirect.addFlashAttribute("formError", "Write between 1 and 500 characters.");
		}
		else {
			this.api.post(MessagesApi.USER, text.strip());
			redirect.addFlashAttribute("posted", true);
		}
		return "redirect:/messages";
	}

}
