package dev.authserver.samples.clientdemo.web;

import dev.authserver.samples.clientdemo.api.MessagesApi;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The machine-to-machine example: no user at all, a client-credentials token of the demo's own.
 */
@Controller
class MachineController {

	private final MessagesApi api;

	MachineController(MessagesApi api) {
		this.api = api;
	}

	@GetMapping("/machine")
	String machine(Model model) {
		model.addAttribute("me", this.api.me(MessagesApi.MACHINE));
		model.addAttribute("messages", this.api.messages(MessagesApi.MACHINE));
		return "machine";
	}

}
