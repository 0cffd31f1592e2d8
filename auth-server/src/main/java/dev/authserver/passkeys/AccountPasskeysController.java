package dev.authserver.passkeys;

import java.security.Principal;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.jackson.WebauthnJacksonModule;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's passkeys: the list, registering one (the page's script asks the
 * framework for the options at {@code /webauthn/register/options}, has the browser create
 * the passkey, and posts it here), renaming and removing one. Renaming and removing are
 * plain forms, which work without script.
 */
@Controller
@RequestMapping("/account/passkeys")
class AccountPasskeysController {

	private final Passkeys passkeys;

	private final SessionCreationOptionsRepository creationOptions;

	/** Reads the browser's credential as the framework's registration filter does. */
	private final JsonMapper json = JsonMapper.builder().addModule(new WebauthnJacksonModule()).build();

	AccountPasskeysController(Passkeys passkeys, SessionCreationOptionsRepository creationOptions) {
		this.passkeys = passkeys;
		this.creationOptions = creationOptions;
	}

	@GetMapping
	String list(Principal user, Model model) {
		model.addAttribute("passkeys", this.passkeys.of(user.getName()));
		model.addAttribute("maxLabelLength", Passkey.MAX_LABEL_LENGTH);
		return "account/passkeys";
	}

	/**
	 * Takes the body the framework's {@code /webauthn/register} takes:
	 * {@code {"publicKey": {"credential": ..., "label": ...}}}.
	 */
	@PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<Map<String, Object>> register(@RequestBody String body, Principal user, HttpServletRequest request,
			HttpServletResponse response) {
		PublicKeyCredentialCreationOptions options = this.creationOptions.load(request);
		if (options == null) {
			return refused("passkey", "Start the registration again");
		}
		this.creationOptions.save(request, response, null);
		RelyingPartyPublicKey publicKey;
		try {
			JsonNode publicKeyNode = this.json.readTree(body).path("publicKey");
			publicKey = this.json.treeToValue(publicKeyNode, RelyingPartyPublicKey.class);
		}
		catch (RuntimeException ex) {
			return refused("passkey", "The browser's answer could not be read");
		}
		try {
			this.passkeys.register(user.getName(), options, publicKey);
		}
		catch (PasskeyRefusedException ex) {
			return refused(ex.field(), ex.getMessage());
		}
		return ResponseEntity.ok(Map.of("success", true));
	}

	@PostMapping("/{id}/rename")
	String rename(@PathVariable String id, @RequestParam(defaultValue = "") String label, Principal user, Model model,
			RedirectAttributes redirect) {
		String problem = Passkey.labelProblem(label);
		if (problem != null) {
			owned(user, id);
			model.addAttribute("renameId", id);
			model.addAttribute("renameLabel", label);
			model.addAttribute("renameError", problem);
			return list(user, model);
		}
		if (!this.passkeys.rename(user.getName(), id, label)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		redirect.addAttribute("renamed", 1);
		return "redirect:/account/passkeys";
	}

	@PostMapping("/{id}/remove")
	String remove(@PathVariable String id, Principal user, HttpSession session, RedirectAttributes redirect) {
		int ended = this.passkeys.remove(user.getName(), id, session.getId())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		redirect.addAttribute("removed", 1);
		redirect.addAttribute("ended", ended);
		return "redirect:/account/passkeys";
	}

	private void owned(Principal user, String id) {
		this.passkeys.find(user.getName(), id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static ResponseEntity<Map<String, Object>> refused(String field, String message) {
		return ResponseEntity.badRequest().body(Map.of("success", false, "field", field, "message", message));
	}

}
