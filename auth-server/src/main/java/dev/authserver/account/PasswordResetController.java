package dev.authserver.account;

import java.util.Set;

import dev.authserver.account.JdbcAccountTokens.AccountToken;
import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.users.UserPasswords;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Forgotten passwords: the page that mails a reset link, and the page the link opens.
 * <p>
 * Whatever address is typed, the request gets the same redirect to the same page, and the
 * mail goes out on another thread: nobody learns from the answer whether an address has
 * an account. The link's page only shows the form; the token is used when the new
 * password is posted, so that a mail scanner that follows links uses nothing. Without
 * mail configured these pages do not exist (404).
 */
@Controller
@RequestMapping("/password-reset")
class PasswordResetController {

	private static final Set<AccountTokenPurpose> RESET = Set.of(AccountTokenPurpose.PASSWORD_RESET);

	private final AccountPages pages;

	private final AccountLinks links;

	private final JdbcAccountTokens tokens;

	private final UserPasswords passwords;

	private final AuditLog auditLog;

	PasswordResetController(AccountPages pages, AccountLinks links, JdbcAccountTokens tokens, UserPasswords passwords,
			AuditLog auditLog) {
		this.pages = pages;
		this.links = links;
		this.tokens = tokens;
		this.passwords = passwords;
		this.auditLog = auditLog;
	}

	@ModelAttribute
	void requireMail() {
		if (!this.pages.passwordResetOffered()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	@GetMapping
	String requestForm(Model model) {
		model.addAttribute("form", new PasswordResetRequestForm());
		return "account/password-reset-request";
	}

	@PostMapping
	String request(@Valid @ModelAttribute("form") PasswordResetRequestForm form, BindingResult errors,
			HttpServletRequest request) {
		if (errors.hasErrors()) {
			return "account/password-reset-request";
		}
		this.links.requestPasswordReset(form.getEmail().strip(), request.getRemoteAddr());
		return "redirect:/password-reset?sent";
	}

	@GetMapping("/new")
	String resetForm(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
		if (this.tokens.find(token, RESET).isEmpty()) {
			return linkRefused(response);
		}
		PasswordResetForm form = new PasswordResetForm();
		form.setToken(token);
		model.addAttribute("form", form);
		return "account/password-reset";
	}

	@PostMapping("/new")
	String reset(@ModelAttribute("form") PasswordResetForm form, BindingResult errors, HttpServletResponse response) {
		if (this.tokens.find(form.getToken(), RESET).isEmpty()) {
			return linkRefused(response);
		}
		form.check(errors);
		if (errors.hasErrors()) {
			return "account/password-reset";
		}
		AccountToken used = this.tokens.redeem(form.getToken(), RESET).orElse(null);
		if (used == null) {
			return linkRefused(response);
		}
		int ended = this.passwords.reset(used.username(), form.getNewPassword());
		this.auditLog.record(AuditEventType.PASSWORD_RESET, Outcome.SUCCESS, used.username(), null,
				"sessions_ended=" + ended);
		return "redirect:/login?reset";
	}

	/**
	 * Used, expired, replaced by a newer link, or never issued: the page says what to do,
	 * not which.
	 */
	static String linkRefused(HttpServletResponse response) {
		response.setStatus(HttpStatus.GONE.value());
		return "account/link-refused";
	}

}
