package dev.authserver.registration;

import java.security.Principal;
import java.time.Instant;

import dev.authserver.tokens.ScopeProperties;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin console's initial access tokens page: create a token for a third party who
 * registers clients at the registration endpoint, see how each token has been used, and
 * revoke one. A token's value is shown once, when it is created, in the answer to the
 * POST itself rather than after a redirect: a flash attribute would travel through the
 * session, which Spring Session writes to the database. The console and the log only ever
 * name a token by its id.
 */
@Controller
@RequestMapping("/admin/initial-access-tokens")
class InitialAccessTokensAdminController {

	private static final Logger log = LoggerFactory.getLogger(InitialAccessTokensAdminController.class);

	private final JdbcInitialAccessTokenRepository tokens;

	private final AuthorizationServerSettings settings;

	private final ScopeProperties scopes;

	InitialAccessTokensAdminController(JdbcInitialAccessTokenRepository tokens, AuthorizationServerSettings settings,
			ScopeProperties scopes) {
		this.tokens = tokens;
		this.settings = settings;
		this.scopes = scopes;
	}

	@GetMapping
	String tokens(Model model) {
		return page(new InitialAccessTokenForm(), model);
	}

	@PostMapping
	String create(@Valid @ModelAttribute("form") InitialAccessTokenForm form, BindingResult errors, Principal admin,
			Model model) {
		form.validate(errors);
		if (errors.hasErrors()) {
			return page(form, model);
		}
		Instant now = Instant.now();
		String token = this.tokens.create(form.getDescription().strip(), form.scopes(), form.grantTypes(),
				form.maxUsesAllowed(), now.plus(form.lifetime()), admin.getName(), now);
		// The log names the token by its id: the value itself must never reach it.
		String id = this.tokens.findByToken(token).orElseThrow().id();
		log.info("Initial access token {} created by admin {}", id, admin.getName());
		model.addAttribute("notice", "Initial access token created.");
		model.addAttribute("initialAccessToken", token);
		return page(new InitialAccessTokenForm(), model);
	}

	@PostMapping("/{id}/revocation")
	String revoke(@PathVariable String id, Principal admin, RedirectAttributes redirect) {
		if (this.tokens.revoke(id)) {
			log.info("Initial access token {} revoked by admin {}", id, admin.getName());
			redirect.addFlashAttribute("notice",
					"Token revoked: it cannot register clients any more. " + "Clients it registered are not affected.");
		}
		else {
			redirect.addFlashAttribute("warning", "There is no such token, or it was already revoked.");
		}
		return "redirect:/admin/initial-access-tokens";
	}

	private String page(InitialAccessTokenForm form, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("tokens", this.tokens.findAll());
		model.addAttribute("now", Instant.now());
		model.addAttribute("defaultScopes", this.scopes.registrationDefault());
		model.addAttribute("registrationEndpoint", this.settings.getIssuer() + ClientRegistrationController.ENDPOINT);
		return "admin/initial-access-tokens";
	}

}
