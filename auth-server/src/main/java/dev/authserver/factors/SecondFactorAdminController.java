package dev.authserver.factors;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.authserver.factors.JdbcSecondFactorRequirements.Kind;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserSessions;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The admin console's second-factor controls: which factors a user has, resetting them
 * (which signs the user out everywhere, since a lost authenticator is the usual reason),
 * and requiring a second factor of a user, of everyone with a role, or of everyone
 * signing in to a client. Every change is in the audit log, as an admin action and, for a
 * reset, as {@code SECOND_FACTOR_RESET}.
 */
@Controller
@RequestMapping("/admin")
class SecondFactorAdminController {

	private static final Logger log = LoggerFactory.getLogger(SecondFactorAdminController.class);

	private final SecondFactors factors;

	private final JdbcSecondFactorRequirements requirements;

	private final UserSessions sessions;

	private final JdbcUserAccountRepository accounts;

	private final RegisteredClientRepository clients;

	SecondFactorAdminController(SecondFactors factors, JdbcSecondFactorRequirements requirements, UserSessions sessions,
			JdbcUserAccountRepository accounts, RegisteredClientRepository clients) {
		this.factors = factors;
		this.requirements = requirements;
		this.sessions = sessions;
		this.accounts = accounts;
		this.clients = clients;
	}

	@GetMapping("/users/{username}/second-factor")
	String user(@PathVariable String username, Model model) {
		existing(username);
		model.addAttribute("username", username);
		model.addAttribute("status", this.factors.status(username));
		return "admin/users/second-factor";
	}

	@PostMapping("/users/{username}/second-factor/reset")
	String reset(@PathVariable String username, Principal admin, HttpSession session, RedirectAttributes redirect) {
		existing(username);
		this.factors.reset(username, admin.getName());
		int ended = this.sessions.endAll(username, session.getId(), false);
		redirect.addFlashAttribute("notice", "Second factors removed: signed the user out of " + ended
				+ " session(s). They sign in with their password and may enrol again.");
		return redirectToUser(username);
	}

	@PostMapping("/users/{username}/second-factor/requirement")
	String requireOfUser(@PathVariable String username, @RequestParam(defaultValue = "false") boolean required,
			Principal admin, RedirectAttributes redirect) {
		existing(username);
		if (this.requirements.set(Kind.USER, username, required)) {
			log.info("Second factor {} of user {} by admin {}", required ? "required" : "no longer required", username,
					admin.getName());
		}
		redirect.addFlashAttribute("notice",
				required ? "A second factor is required: the user enrols one at their next sign-in if they have none."
						: "A second factor is no longer required of this user by name.");
		return redirectToUser(username);
	}

	@GetMapping("/second-factor")
	String policy(Model model) {
		Set<String> roles = new TreeSet<>(this.requirements.rolesInUse());
		List<String> requiredRoles = this.requirements.names(Kind.ROLE);
		roles.addAll(requiredRoles);
		model.addAttribute("roles", roles);
		model.addAttribute("requiredRoles", requiredRoles);
		model.addAttribute("requiredClients", this.requirements.names(Kind.CLIENT));
		return "admin/second-factor";
	}

	@PostMapping("/second-factor/roles")
	String requireOfRoles(@RequestParam(name = "roles", defaultValue = "") List<String> roles, Principal admin,
			RedirectAttributes redirect) {
		for (String role : this.requirements.names(Kind.ROLE)) {
			if (!roles.contains(role)) {
				this.requirements.set(Kind.ROLE, role, false);
			}
		}
		roles.stream().filter(StringUtils::hasText).forEach((role) -> this.requirements.set(Kind.ROLE, role, true));
		log.info("Roles that need a second factor set to {} by admin {}", roles, admin.getName());
		redirect.addFlashAttribute("notice", "Saved: users with these roles need a second factor from their next "
				+ "request on; those without one enrol it first.");
		return "redirect:/admin/second-factor";
	}

	@PostMapping("/second-factor/clients")
	String requireOfClient(@RequestParam(name = "clientId", defaultValue = "") String clientId,
			@RequestParam(defaultValue = "false") boolean required, Principal admin, RedirectAttributes redirect) {
		String id = clientId.strip();
		if (required && this.clients.findByClientId(id) == null) {
			redirect.addFlashAttribute("clientError", "No client has the client_id " + id + ".");
			return "redirect:/admin/second-factor";
		}
		this.requirements.set(Kind.CLIENT, id, required);
		log.info("Second factor {} for client {} by admin {}", required ? "required" : "no longer required", id,
				admin.getName());
		redirect.addFlashAttribute("notice", required ? "Signing in to " + id + " now needs a second factor."
				: "Signing in to " + id + " no longer needs a second factor.");
		return "redirect:/admin/second-factor";
	}

	private void existing(String username) {
		if (!this.accounts.exists(username)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	private static String redirectToUser(String username) {
		return "redirect:" + UriComponentsBuilder.fromPath("/admin/users/{username}/second-factor")
			.buildAndExpand(username)
			.encode()
			.toUriString();
	}

}
