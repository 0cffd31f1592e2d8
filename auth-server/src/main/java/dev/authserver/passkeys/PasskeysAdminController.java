package dev.authserver.passkeys;

import java.security.Principal;

import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's list of a user's passkeys, and removing one (a lost device): audited, and
 * the user's sessions end, as when the user removes it.
 */
@Controller
@RequestMapping("/admin/users/{username}/passkeys")
class PasskeysAdminController {

	private static final Logger log = LoggerFactory.getLogger(PasskeysAdminController.class);

	private final Passkeys passkeys;

	PasskeysAdminController(Passkeys passkeys) {
		this.passkeys = passkeys;
	}

	@GetMapping
	String list(@PathVariable String username, Model model) {
		model.addAttribute("username", username);
		model.addAttribute("passkeys", this.passkeys.of(username));
		return "admin/users/passkeys";
	}

	@PostMapping("/{id}/remove")
	String remove(@PathVariable String username, @PathVariable String id, Principal admin, HttpSession session,
			RedirectAttributes redirect) {
		int ended = this.passkeys.remove(username, id, session.getId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		log.info("Passkey of user {} removed by admin {}", username, admin.getName());
		redirect.addAttribute("ended", ended);
		return "redirect:/admin/users/{username}/passkeys";
	}

}
