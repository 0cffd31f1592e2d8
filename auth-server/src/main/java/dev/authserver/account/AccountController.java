package dev.authserver.account;

import java.security.Principal;
import java.util.Locale;
import java.util.Objects;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;
import dev.authserver.users.UserPasswords;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's account page, their profile and their password.
 * <p>
 * The email address is where password reset links go, so a new address is taken only once
 * the user opens the link mailed to it; until then the old one stays. Without mail there
 * are no reset links, and a new address is stored at once, unverified.
 */
@Controller
@RequestMapping("/account")
class AccountController {

	private final JdbcUserAccountRepository accounts;

	private final UserPasswords passwords;

	private final AccountLinks links;

	private final AccountPages pages;

	private final AuditLog auditLog;

	AccountController(JdbcUserAccountRepository accounts, UserPasswords passwords, AccountLinks links,
			AccountPages pages, AuditLog auditLog) {
		this.accounts = accounts;
		this.passwords = passwords;
		this.links = links;
		this.pages = pages;
		this.auditLog = auditLog;
	}

	@GetMapping
	String overview(Principal user, Model model) {
		model.addAttribute("user", account(user));
		return "account/overview";
	}

	@GetMapping("/profile")
	String profile(Principal user, Model model) {
		UserAccount account = account(user);
		ProfileForm form = new ProfileForm();
		form.setDisplayName(account.displayName());
		form.setEmail(Objects.requireNonNullElse(account.email(), ""));
		return showProfile(account, form, model);
	}

	@PostMapping("/profile")
	String updateProfile(@Valid @ModelAttribute("form") ProfileForm form, BindingResult errors, Principal user,
			Model model, RedirectAttributes redirect) {
		UserAccount account = account(user);
		if (errors.hasErrors()) {
			return showProfile(account, form, model);
		}
		String displayName = form.getDisplayName().strip();
		String email = StringUtils.hasText(form.getEmail()) ? form.getEmail().strip() : null;
		boolean emailChanged = !sameAddress(email, account.email());
		if (emailChanged && email != null && this.pages.passwordResetOffered()
				&& !this.links.requestEmailChange(account.username(), email)) {
			errors.rejectValue("email", "throttled",
					"Too many mails were sent to your account lately: try again in an hour");
			return showProfile(account, form, model);
		}
		if (!displayName.equals(account.displayName())) {
			this.accounts.updateDisplayName(account.username(), displayName);
		}
		String notice = "Profile saved.";
		String emailChange = "none";
		if (emailChanged && email != null && this.pages.passwordResetOffered()) {
			notice = "Profile saved. We sent a link to " + email
					+ ": your email address changes when you open it. Until then it stays "
					+ Objects.requireNonNullElse(account.email(), "empty") + ".";
			emailChange = "pending verification";
		}
		else if (emailChanged) {
			this.accounts.updateEmail(account.username(), email, false);
			emailChange = (email != null) ? "changed, unverified" : "removed";
		}
		this.auditLog.record(AuditEventType.PROFILE_UPDATED, Outcome.SUCCESS, account.username(), null,
				"email " + emailChange);
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/account/profile";
	}

	@GetMapping("/password")
	String passwordForm(Model model) {
		model.addAttribute("form", new PasswordChangeForm());
		return "account/password";
	}

	@PostMapping("/password")
	String changePassword(@ModelAttribute("form") PasswordChangeForm form, BindingResult errors, Principal user,
			HttpSession session, RedirectAttributes redirect) {
		if (!this.passwords.matches(user.getName(), form.getCurrentPassword())) {
			errors.rejectValue("currentPassword", "wrong", "This is not your current password");
			this.auditLog.record(AuditEventType.PASSWORD_CHANGED, Outcome.FAILURE, user.getName(), null,
					"wrong current password");
		}
		form.check(errors);
		if (errors.hasErrors()) {
			return "account/password";
		}
		int ended = this.passwords.change(user.getName(), form.getNewPassword(), session.getId());
		this.auditLog.record(AuditEventType.PASSWORD_CHANGED, Outcome.SUCCESS, user.getName(), null,
				"other_sessions_ended=" + ended);
		redirect.addFlashAttribute("notice", "Password changed. Signed out of " + ended + " other session"
				+ ((ended == 1) ? "" : "s") + ", where the old password may have been used.");
		return "redirect:/account";
	}

	private String showProfile(UserAccount account, ProfileForm form, Model model) {
		model.addAttribute("user", account);
		model.addAttribute("form", form);
		model.addAttribute("emailVerifiedByMail", this.pages.passwordResetOffered());
		return "account/profile";
	}

	private UserAccount account(Principal user) {
		// Signed in with an account that an admin has deleted since.
		return this.accounts.findByUsername(user.getName())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static boolean sameAddress(String a, String b) {
		return (a == null) ? (b == null) : (b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)));
	}

}
