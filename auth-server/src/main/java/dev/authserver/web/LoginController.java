package dev.authserver.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.authserver.protocol.LoginHint;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Serves the login form and the signed-in home page. Spring Security itself handles the
 * form's POST.
 * <p>
 * The authorization request that led to the form (kept by the request cache) may name who
 * is expected with {@code login_hint}, which fills in the username (OpenID Connect Core
 * §3.1.2.1; read as the request was, {@link LoginHint}); a hint longer than any username
 * is ignored. When a user who is signed in already gets the form, the request asked for a
 * fresh sign-in ({@code prompt=login}, {@code max_age}), and the page says so.
 */
@Controller
class LoginController {

	/**
	 * The longest username the login form takes (users.ThrottledAuthenticationProvider).
	 */
	private static final int MAX_LOGIN_HINT_LENGTH = 200;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	@GetMapping("/login")
	String login(HttpServletRequest request, HttpServletResponse response, Principal principal, Model model) {
		SavedRequest pending = this.requestCache.getRequest(request, response);
		if (pending != null) {
			LoginHint.of(request)
				.filter((hint) -> hint.length() <= MAX_LOGIN_HINT_LENGTH)
				.ifPresent((hint) -> model.addAttribute("loginHint", hint.strip()));
			if (principal != null) {
				model.addAttribute("signedInAs", principal.getName());
			}
		}
		return "login";
	}

	@GetMapping("/")
	String home(Principal principal, Model model) {
		model.addAttribute("username", principal.getName());
		return "home";
	}

}
