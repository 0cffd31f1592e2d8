package dev.authserver.samples.clientdemo.web;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Explains why a sign-in did not complete, from the OAuth error code the auth-server sent
 * back.
 */
@Controller
class SignInErrorController {

	@GetMapping("/sign-in-error")
	String signInError(@RequestParam(defaultValue = "sign_in_failed") String error, Model model) {
		switch (error) {
			case OAuth2ErrorCodes.ACCESS_DENIED -> show(model, "You declined access",
					"You chose not to let the client demo use your account. Nothing was shared; you can sign in again at any time.");
			case OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE -> show(model, "The sign-in service is unavailable",
					"The authorization server cannot be reached right now. Please try again in a moment.");
			default -> show(model, "Sign-in did not complete",
					"The authorization server did not complete the sign-in. Please try again in a moment.");
		}
		model.addAttribute("errorCode", error);
		return "sign-in-error";
	}

	private static void show(Model model, String title, String message) {
		model.addAttribute("title", title);
		model.addAttribute("message", message);
	}

}
