package dev.authserver.factors;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

import dev.authserver.protocol.SignInFactors;
import dev.authserver.users.UserSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in user's one-time codes: enrolment (a QR code drawn by the server and the
 * secret as text, confirmed with a code from the app), ten recovery codes shown once, new
 * recovery codes, and removal, which signs the user out of their other sessions.
 * <p>
 * Enrolment is open to a user who owes a second factor and has none: a user an admin
 * requires one of comes here after the password, and the confirmed code counts as the
 * second factor of the session.
 */
@Controller
@RequestMapping(SecondFactorAuthorization.ENROLMENT_PATH)
class TwoFactorAccountController {

	private static final String PAGE = "account/two-factor";

	private final SecondFactors factors;

	private final SecondFactorSignIn signIn;

	private final UserSessions sessions;

	TwoFactorAccountController(SecondFactors factors, SecondFactorSignIn signIn, UserSessions sessions) {
		this.factors = factors;
		this.signIn = signIn;
		this.sessions = sessions;
	}

	@GetMapping
	String page(Principal user, Model model) {
		return show(user.getName(), model);
	}

	@PostMapping("/enrolment")
	String startEnrolment(Principal user) {
		this.factors.startEnrolment(user.getName());
		return "redirect:" + SecondFactorAuthorization.ENROLMENT_PATH;
	}

	/**
	 * The QR code of the enrolment in progress. Never cached: it carries the secret.
	 */
	@GetMapping(path = "/qr-code.svg", produces = "image/svg+xml")
	ResponseEntity<String> qrCode(Principal user) {
		Optional<byte[]> secret = this.factors.pendingSecret(user.getName());
		if (secret.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).cacheControl(CacheControl.noStore()).build();
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(QrCodeSvg.of(this.factors.enrolmentUri(user.getName(), secret.get())));
	}

	/**
	 * Shows the recovery codes as the answer to the POST itself, not after a redirect: a
	 * flash attribute would travel through the session, which is stored in the database.
	 */
	@PostMapping("/confirmation")
	String confirm(@RequestParam(name = "code", defaultValue = "") String code, Principal user, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		Optional<List<String>> recoveryCodes = this.factors.confirmEnrolment(user.getName(), code.strip());
		if (recoveryCodes.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("codeError", "That code is not right. Enter the code your app shows now.");
			return show(user.getName(), model);
		}
		this.signIn.addFactor(request, response);
		model.addAttribute("recoveryCodes", recoveryCodes.get());
		model.addAttribute("notice", "One-time codes are on: you will be asked for one when you sign in.");
		return show(user.getName(), model);
	}

	@PostMapping("/recovery-codes")
	String regenerateRecoveryCodes(Authentication user, Model model) {
		if (!this.factors.isEnrolled(user.getName())) {
			return "redirect:" + SecondFactorAuthorization.ENROLMENT_PATH;
		}
		if (!SignInFactors.hasSecondFactor(user)) {
			return "redirect:" + SecondFactorAuthorization.SECOND_STEP_PATH;
		}
		model.addAttribute("recoveryCodes", this.factors.regenerateRecoveryCodes(user.getName()));
		model.addAttribute("notice", "New recovery codes: the old ones no longer work.");
		return show(user.getName(), model);
	}

	/** A removed factor ends the user's other sessions, which it may have protected. */
	@PostMapping("/removal")
	String remove(Authentication user, HttpSession session, Model model) {
		if (!SignInFactors.hasSecondFactor(user)) {
			// This page is open before the second step; its factor is not removed
			// without it.
			return "redirect:" + SecondFactorAuthorization.SECOND_STEP_PATH;
		}
		if (this.factors.remove(user.getName())) {
			int ended = this.sessions.endAll(user.getName(), session.getId(), false);
			model.addAttribute("notice", "One-time codes are off. Signed you out of " + ended + " other session(s).");
		}
		return show(user.getName(), model);
	}

	/** After the recovery codes, on to the request that needed the second factor. */
	@GetMapping("/continue")
	void continueSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		this.signIn.continueToSavedRequest(request, response);
	}

	private String show(String username, Model model) {
		SecondFactors.Status status = this.factors.status(username);
		model.addAttribute("status", status);
		if (!status.enrolled()) {
			this.factors.pendingSecret(username)
				.ifPresent((secret) -> model.addAttribute("secret", Totp.base32(secret)));
		}
		return PAGE;
	}

}
