package dev.authserver.samples.clientdemo.web;

import dev.authserver.samples.clientdemo.api.MessagesApi;

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

	MessagesController(MessagesApi api) {
		this.api = api;
	}

	@GetMapping("/messages")
	String messages(Model model) {
		model.addAttribute("messages", this.api.messages(MessagesApi.USER));
		model.addAttribute("me", this.api.me(MessagesApi.USER));
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
