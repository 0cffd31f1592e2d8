package dev.authserver.factors;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a sign-in, after the password, and of a step-up: a code from the
 * user's authenticator app, or one of their recovery codes. Without JavaScript.
 */
@Controller
@RequestMapping(SecondFactorAuthorization.SECOND_STEP_PATH)
class SecondFactorController {

	private final SecondFactors factors;

	private final SecondFactorSignIn signIn;

	SecondFactorController(SecondFactors factors, SecondFactorSignIn signIn) {
		this.factors = factors;
		this.signIn = signIn;
	}

	@GetMapping
	String page(@RequestParam(name = "recovery", required = false) String recovery, Principal user, Model model) {
		if (!this.factors.isEnrolled(user.getName())) {
			return "redirect:" + SecondFactorAuthorization.ENROLMENT_PATH;
		}
		model.addAttribute("recovery", recovery != null);
		model.addAttribute("username", user.getName());
		return "second-factor";
	}

	@PostMapping
	String verify(@RequestParam(name = "code", defaultValue = "") String code,
			@RequestParam(name = "recovery", required = false) String recovery, Authentication user, Model model,
			HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
		SecondFactors.Verification verification = this.factors.verify(user.getName(), code.strip());
		if (verification.accepted()) {
			this.signIn.addFactor(request, response);
			this.signIn.continueToSavedRequest(request, response);
			return null;
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		model.addAttribute("recovery", recovery != null);
		model.addAttribute("username", user.getName());
		model.addAttribute("codeError",
				(verification == SecondFactors.Verification.LOCKED)
						? "Too many wrong codes: entering codes pauses for a while. Try again later."
						: "That code is not right, or it was used already. Enter the current code.");
		return "second-factor";
	}

}
