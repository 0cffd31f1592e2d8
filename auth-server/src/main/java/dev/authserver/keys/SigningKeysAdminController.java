package dev.authserver.keys;

import java.security.Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin console's keys page: each key's {@code kid}, state and dates, rotation on
 * demand and revocation.
 */
@Controller
@RequestMapping("/admin/keys")
class SigningKeysAdminController {

	private static final Logger log = LoggerFactory.getLogger(SigningKeysAdminController.class);

	private final JdbcSigningKeyRepository repository;

	private final SigningKeyRotator rotator;

	private final SigningKeyRing ring;

	private final KeyProperties properties;

	SigningKeysAdminController(JdbcSigningKeyRepository repository, SigningKeyRotator rotator, SigningKeyRing ring,
			KeyProperties properties) {
		this.repository = repository;
		this.rotator = rotator;
		this.ring = ring;
		this.properties = properties;
	}

	@GetMapping
	String keys(Model model) {
		model.addAttribute("keys", this.repository.findAllViews());
		model.addAttribute("properties", this.properties);
		return "admin/keys";
	}

	@PostMapping("/rotation")
	String rotate(Principal admin, RedirectAttributes redirect) {
		SigningKeyView next = this.rotator.requestRotation();
		this.ring.reload();
		log.info("Signing key rotation requested by admin {}: kid={} signs from {}", admin.getName(), next.kid(),
				next.activatedAt());
		redirect.addFlashAttribute("notice", "Rotation requested: key " + next.kid()
				+ " is published now and signs from " + next.activatedAt() + ".");
		return "redirect:/admin/keys";
	}

	@PostMapping("/{kid}/revocation")
	String revoke(@PathVariable String kid, Principal admin, RedirectAttributes redirect) {
		if (this.rotator.revoke(kid)) {
			this.ring.reload();
			log.warn("Signing key kid={} revoked by admin {}", kid, admin.getName());
			redirect.addFlashAttribute("warning", "Key " + kid + " is revoked: it leaves every instance's JWKS within "
					+ this.properties.checkInterval()
					+ ", and the tokens it signed stop validating once resource servers refresh their cached JWKS.");
		}
		else {
			redirect.addFlashAttribute("warning", "There is no published key " + kid + ".");
		}
		return "redirect:/admin/keys";
	}

}
