package dev.authserver.web;

import java.security.Principal;

import dev.authserver.authorizations.ConnectedApps;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's "connected apps": the apps they have consented to, and taking a
 * consent back.
 */
@Controller
@RequestMapping("/account/apps")
class ConnectedAppsController {

	private final ConnectedApps connectedApps;

	ConnectedAppsController(ConnectedApps connectedApps) {
		this.connectedApps = connectedApps;
	}

	@GetMapping
	String apps(Principal user, Model model) {
		model.addAttribute("apps", this.connectedApps.of(user.getName()));
		return "account/apps";
	}

	@PostMapping("/{clientId}/revocation")
	String revoke(@PathVariable String clientId, Principal user, RedirectAttributes redirect) {
		if (this.connectedApps.revoke(user.getName(), clientId)) {
			redirect.addFlashAttribute("notice", "Access of " + clientId
					+ " removed: it must ask for your consent again, and its refresh tokens no longer work.");
		}
		else {
			redirect.addFlashAttribute("notice", "You had not connected " + clientId + ".");
		}
		return "redirect:/account/apps";
	}

}
