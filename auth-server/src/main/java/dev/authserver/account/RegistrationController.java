package dev.authserver.account;

import java.util.Set;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * Self-registration, when {@code authserver.account.self-registration} is on (404
 * otherwise). A new account has the role USER and is disabled until its owner opens the
 * link mailed to its address: nobody signs in with an address that is not theirs.
 */
@Controller
@RequestMapping("/register")
class RegistrationController {

	private static final Logger log = LoggerFactory.getLogger(RegistrationController.class);

	private final AccountPages pages;

	private final AccountLinks links;

	private final JdbcUserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	private final AuditLog auditLog;

	RegistrationController(AccountPages pages, AccountLinks links, JdbcUserAccountRepository accounts,
			PasswordEncoder passwordEncoder, AuditLog auditLog) {
		this.pages = pages;
		this.links = links;
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.auditLog = auditLog;
	}

	@ModelAttribute
	void requireRegistration() {
		if (!this.pages.registrationOffered()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	@GetMapping
	String form(Model model) {
		model.addAttribute("form", new RegistrationForm());
		return "account/register";
	}

	@PostMapping
	String register(@Valid @ModelAttribute("form") RegistrationForm form, BindingResult errors,
			HttpServletRequest request, Model model) {
		form.check(errors);
		if (!errors.hasFieldErrors("username") && this.accounts.exists(form.getUsername())) {
			errors.rejectValue("username", "taken", "This username is taken");
		}
		if (errors.hasErrors()) {
			return "account/register";
		}
		if (!this.links.allowRegistration(request.getRemoteAddr())) {
			model.addAttribute("warning", "Too many requests from your network: try again in an hour.");
			return "account/register";
		}
		String email = form.getEmail().strip();
		try {
			this.accounts.create(new UserAccount(form.getUsername(), this.passwordEncoder.encode(form.getNewPassword()),
					form.getDisplayName().strip(), email, false, false, Set.of("USER")));
		}
		catch (DuplicateKeyException ex) {
			errors.rejectValue("username", "taken", "This username is taken");
			return "account/register";
		}
		this.links.requestRegistrationVerification(form.getUsername(), email);
		this.auditLog.record(AuditEventType.ACCOUNT_REGISTERED, Outcome.SUCCESS, form.getUsername(), null,
				"awaiting email verification");
		log.info("User {} registered, awaiting email verification", form.getUsername());
		model.addAttribute("email", email);
		return "account/registered";
	}

}
