package dev.authserver.sessions;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The signed-out page of front-channel logout: the logout forwards here (with the method
 * it came with, hence every method) when clients of the ended session registered a
 * {@code frontchannel_logout_uri}. Reached any other way, it is the login page.
 */
@Controller
class FrontChannelLogoutController {

	@RequestMapping(FrontChannelLogoutPage.PATH)
	String signedOut(HttpServletRequest request, Model model) {
		Object uris = request.getAttribute(SessionEndingLogoutHandler.FRONT_CHANNEL_LOGOUT_URIS);
		Object continueUri = request.getAttribute(SessionEndingLogoutHandler.CONTINUE_URI);
		if (!(uris instanceof List<?> frames) || frames.isEmpty() || !(continueUri instanceof String)) {
			return "redirect:/login?logout";
		}
		model.addAttribute("frames", frames);
		model.addAttribute("continueUri", continueUri);
		return "signed-out";
	}

}
