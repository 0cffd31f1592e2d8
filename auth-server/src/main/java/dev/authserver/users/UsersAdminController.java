package dev.authserver.users;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.authserver.users.UserAccessRevoker.Ended;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The admin console's user pages: list and search, create, disable and enable, reset the
 * password and set roles. An admin cannot disable their own account or take away their
 * own ADMIN role, so the console always keeps the admin who is using it.
 * <p>
 * Disabling an account or changing its password ends what the user already holds: their
 * sessions on every instance and the tokens clients hold for them. Removing a role ends
 * their sessions, which carry the roles they signed in with; their tokens stay, as they
 * carry scopes, not roles. A role added applies from the user's next sign-in.
 */
@Controller
@RequestMapping("/admin/users")
class UsersAdminController {

	static final String USER = "USER";

	static final String ADMIN = "ADMIN";

	private static final List<String> ROLES = List.of(USER, ADMIN);

	private static final Logger log = LoggerFactory.getLogger(UsersAdminController.class);

	private static final int LIST_LIMIT = 100;

	private final JdbcUserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final UserAccessRevoker access;

	private final JdbcLoginThrottle loginThrottle;

	UsersAdminController(JdbcUserAccountRepository accounts, PasswordEncoder passwordEncoder, UserAccessRevoker access,
			JdbcLoginThrottle loginThrottle) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.access = access;
		this.loginThrottle = loginThrottle;
	}

	@ModelAttribute("roleOptions")
	List<String> roleOptions() {
		return ROLES;
	}

	@GetMapping
	String list(@RequestParam(name = "q", defaultValue = "") String query, Model model) {
		model.addAttribute("query", query);
		model.addAttribute("users", this.accounts.search(query.strip(), LIST_LIMIT));
		model.addAttribute("limit", LIST_LIMIT);
		model.addAttribute("locks", this.loginThrottle.locks());
		return "admin/users/list";
	}

	/** Lifts the brute-force lock of a client address, which no user page shows. */
	@PostMapping("/locked-addresses/clear")
	String clearAddressLock(@RequestParam String address, Principal admin, RedirectAttributes redirect) {
		if (this.loginThrottle.clearAddress(address)) {
			log.info("Sign-in lock of address {} cleared by admin {}", address, admin.getName());
		}
		redirect.addFlashAttribute("notice", "Sign-ins from " + address + " are no longer locked.");
		return "redirect:/admin/users";
	}

	/** Lifts the brute-force lock of an account name and forgets its failed sign-ins. */
	@PostMapping("/{username}/sign-in-lock/clear")
	String clearLock(@PathVariable String username, Principal admin, RedirectAttributes redirect) {
		if (this.loginThrottle.clear(username)) {
			log.info("Sign-in lock of user {} cleared by admin {}", username, admin.getName());
		}
		redirect.addFlashAttribute("notice", "Sign-in lock of " + username + " cleared.");
		// A locked name may belong to no account: its lock is shown on the list only.
		return this.accounts.exists(username) ? redirectToUser(username) : "redirect:/admin/users";
	}

	@GetMapping("/new")
	String creationForm(Model model) {
		model.addAttribute("form", new UserCreationForm());
		return "admin/users/new";
	}

	@PostMapping
	String create(@Valid @ModelAttribute("form") UserCreationForm form, BindingResult errors, Principal admin,
			RedirectAttributes redirect) {
		PasswordPolicy.check(form.getPassword(), "password", errors);
		checkRoles(form.getRoles(), errors);
		if (!errors.hasFieldErrors("username") && this.accounts.exists(form.getUsername())) {
			errors.rejectValue("username", "taken", "This username is taken");
		}
		if (errors.hasErrors()) {
			return "admin/users/new";
		}
		Set<String> roles = new LinkedHashSet<>(form.getRoles());
		try {
			this.accounts.create(new UserAccount(form.getUsername(), this.passwordEncoder.encode(form.getPassword()),
					form.getDisplayName().strip(),
					StringUtils.hasText(form.getEmail()) ? form.getEmail().strip() : null, false, true, roles));
		}
		catch (DuplicateKeyException ex) {
			errors.rejectValue("username", "taken", "This username is taken");
			return "admin/users/new";
		}
		log.info("User {} created with roles {} by admin {}", form.getUsername(), roles, admin.getName());
		redirect.addFlashAttribute("notice", "User created: they can sign in now.");
		return redirectToUser(form.getUsername());
	}

	@GetMapping("/{username}")
	String user(@PathVariable String username, Principal admin, Model model) {
		UserAccount account = existing(username);
		return show(account, UserRolesForm.of(account), new PasswordResetForm(), admin, model);
	}

	@PostMapping("/{username}/roles")
	String setRoles(@PathVariable String username, @ModelAttribute("rolesForm") UserRolesForm rolesForm,
			BindingResult errors, Principal admin, HttpSession session, Model model, RedirectAttributes redirect) {
		UserAccount account = existing(username);
		checkRoles(rolesForm.getRoles(), errors);
		if (isSelf(account, admin) && !rolesForm.getRoles().contains(ADMIN)) {
			errors.rejectValue("roles", "self",
					"You cannot take the ADMIN role away from your own account: " + "another admin has to do that");
		}
		if (errors.hasErrors()) {
			return show(account, rolesForm, new PasswordResetForm(), admin, model);
		}
		Set<String> roles = new LinkedHashSet<>(rolesForm.getRoles());
		this.accounts.setRoles(username, roles);
		if (roles.containsAll(account.roles())) {
			log.info("Roles of user {} set to {} by admin {}", username, roles, admin.getName());
			redirect.addFlashAttribute("notice", "Roles saved: they apply from the user's next sign-in.");
			return redirectToUser(username);
		}
		// An open session keeps the roles it signed in with, so it has to end. Tokens
		// stay: they carry scopes, which
		// the user consented to for each client, and no role.
		int signedOut = this.access.signOut(username, session.getId());
		log.info("Roles of user {} set to {} by admin {}, {} sessions signed out", username, roles, admin.getName(),
				signedOut);
		redirect.addFlashAttribute("notice", "Roles saved: signed the user out of " + Ended.count(signedOut, "session")
				+ ", so the removed roles no longer apply.");
		return redirectToUser(username);
	}

	@PostMapping("/{username}/disable")
	String disable(@PathVariable String username, Principal admin, HttpSession session, RedirectAttributes redirect) {
		UserAccount account = existing(username);
		if (isSelf(account, admin)) {
			redirect.addFlashAttribute("warning", "You cannot disable your own account: another admin has to do that.");
			return redirectToUser(username);
		}
		this.accounts.setEnabled(username, false);
		Ended ended = this.access.signOutAndRevokeTokens(username, session.getId());
		log.info("User {} disabled by admin {}, {} sessions signed out and {} authorizations revoked", username,
				admin.getName(), ended.sessions(), ended.authorizations());
		redirect.addFlashAttribute("notice", "User disabled: they cannot sign in any more. " + ended.describe());
		return redirectToUser(username);
	}

	@PostMapping("/{username}/enable")
	String enable(@PathVariable String username, Principal admin, RedirectAttributes redirect) {
		existing(username);
		this.accounts.setEnabled(username, true);
		log.info("User {} enabled by admin {}", username, admin.getName());
		redirect.addFlashAttribute("notice", "User enabled: they can sign in again.");
		return redirectToUser(username);
	}

	@PostMapping("/{username}/password")
	String resetPassword(@PathVariable String username, @ModelAttribute("passwordForm") PasswordResetForm passwordForm,
			BindingResult errors, Principal admin, HttpSession session, Model model, RedirectAttributes redirect) {
		UserAccount account = existing(username);
		PasswordPolicy.check(passwordForm.getPassword(), "password", errors);
		if (errors.hasErrors()) {
			return show(account, UserRolesForm.of(account), passwordForm, admin, model);
		}
		this.accounts.updatePasswordHash(username, this.passwordEncoder.encode(passwordForm.getPassword()));
		Ended ended = this.access.signOutAndRevokeTokens(username, session.getId());
		log.info("Password of user {} reset by admin {}, {} sessions signed out and {} authorizations revoked",
				username, admin.getName(), ended.sessions(), ended.authorizations());
		redirect.addFlashAttribute("notice", "Password changed: the old one no longer works. " + ended.describe());
		return redirectToUser(username);
	}

	/**
	 * Shows the generated password once, on the user's page; only its hash is stored. The
	 * page is the answer to the POST itself, not a redirect: a flash attribute would
	 * travel through the session, which Spring Session writes to the database.
	 */
	@PostMapping("/{username}/generated-password")
	String generatePassword(@PathVariable String username, Principal admin, HttpSession session, Model model) {
		UserAccount account = existing(username);
		String password = PasswordPolicy.generate();
		this.accounts.updatePasswordHash(username, this.passwordEncoder.encode(password));
		Ended ended = this.access.signOutAndRevokeTokens(username, session.getId());
		log.info(
				"Password of user {} reset to a generated one by admin {}, {} sessions signed out and {} "
						+ "authorizations revoked",
				username, admin.getName(), ended.sessions(), ended.authorizations());
		model.addAttribute("notice", "Password changed: the old one no longer works. " + ended.describe());
		model.addAttribute("generatedPassword", password);
		return show(account, UserRolesForm.of(account), new PasswordResetForm(), admin, model);
	}

	private String show(UserAccount account, UserRolesForm rolesForm, PasswordResetForm passwordForm, Principal admin,
			Model model) {
		model.addAttribute("user", account);
		model.addAttribute("self", isSelf(account, admin));
		model.addAttribute("rolesForm", rolesForm);
		model.addAttribute("passwordForm", passwordForm);
		model.addAttribute("signInLock", this.loginThrottle.lockOf(account.username()).orElse(null));
		return "admin/users/view";
	}

	private static void checkRoles(List<String> roles, Errors errors) {
		if (roles.isEmpty()) {
			errors.rejectValue("roles", "empty", "Choose at least one role");
		}
		else if (!ROLES.containsAll(roles)) {
			errors.rejectValue("roles", "unknown", "Choose among " + ROLES);
		}
	}

	private UserAccount existing(String username) {
		return this.accounts.findByUsername(username)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static boolean isSelf(UserAccount account, Principal admin) {
		return account.username().equals(admin.getName());
	}

	/**
	 * Accounts created from configuration may have any character in their name, so the
	 * path is encoded.
	 */
	private static String redirectToUser(String username) {
		return "redirect:" + UriComponentsBuilder.fromPath("/admin/users/{username}")
			.buildAndExpand(username)
			.encode()
			.toUriString();
	}

}
