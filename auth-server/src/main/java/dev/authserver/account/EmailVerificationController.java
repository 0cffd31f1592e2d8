package dev.authserver.account;

import java.util.Set;

import dev.authserver.account.JdbcAccountTokens.AccountToken;
import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.users.JdbcUserAccountRepository;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The page a verification link opens: a new email address of an account, or a
 * self-registered account. The link shows a button and the post uses the token, so that a
 * mail scanner that follows links confirms nothing; the token proves the address, so no
 * sign-in is needed (the link may well be opened on another device).
 */
@Controller
@RequestMapping("/email-verification")
class EmailVerificationController {

	private static final Set<AccountTokenPurpose> VERIFICATIONS = Set.of(AccountTokenPurpose.EMAIL_CHANGE,
			AccountTokenPurpose.REGISTRATION);

	private final AccountPages pages;

	private final JdbcAccountTokens tokens;

	private final JdbcUserAccountRepository accounts;

	private final AuditLog auditLog;

	EmailVerificationController(AccountPages pages, JdbcAccountTokens tokens, JdbcUserAccountRepository accounts,
			AuditLog auditLog) {
		this.pages = pages;
		this.tokens = tokens;
		this.accounts = accounts;
		this.auditLog = auditLog;
	}

	@ModelAttribute
	void requireMail() {
		if (!this.pages.passwordResetOffered()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

	@GetMapping
	String confirmation(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
		AccountToken found = this.tokens.find(token, VERIFICATIONS).orElse(null);
		if (found == null) {
			return PasswordResetController.linkRefused(response);
		}
		model.addAttribute("token", token);
		model.addAttribute("verification", found);
		return "account/email-verification";
	}

	@PostMapping
	String verify(@RequestParam(defaultValue = "") String token, Model model, HttpServletResponse response) {
		AccountToken used = this.tokens.redeem(token, VERIFICATIONS).orElse(null);
		if (used == null) {
			return PasswordResetController.linkRefused(response);
		}
		this.accounts.updateEmail(used.username(), used.email(), true);
		if (used.purpose() == AccountTokenPurpose.REGISTRATION) {
			this.accounts.setEnabled(used.username(), true);
		}
		this.auditLog.record(AuditEventType.EMAIL_VERIFIED, Outcome.SUCCESS, used.username(), null,
				used.purpose().column());
		model.addAttribute("verification", used);
		return "account/email-verified";
	}

}
