package dev.authserver.samples.clientdemo.web;

import java.util.TreeMap;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: a "Sign in" button, or, once signed in, who the user is and what the ID
 * token says.
 */
@Controller
class HomeController {

	@GetMapping("/")
	String home(@AuthenticationPrincipal OidcUser user, Model model) {
		if (user != null) {
			model.addAttribute("name", user.getFullName() != null ? user.getFullName() : user.getSubject());
			model.addAttribute("idTokenClaims", new TreeMap<String, Object>(user.getIdToken().getClaims()));
		}
		return "home";
	}

}
