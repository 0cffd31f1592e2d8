package dev.authserver.sessions;

import java.security.Principal;

import dev.authserver.protocol.GrantingSession;
import dev.authserver.sessions.SessionTermination.Reason;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in user's own sessions, and ending the others (this one ends with the
 * sign-out button, which shows the front-channel page).
 */
@Controller
@RequestMapping("/account/sessions")
class AccountSessionsController {

	private final SignInSessions sessions;

	private final SessionTermination termination;

	AccountSessionsController(SignInSessions sessions, SessionTermination termination) {
		this.sessions = sessions;
		this.termination = termination;
	}

	@GetMapping
	String list(Principal user, HttpSession session, Model model) {
		model.addAttribute("sessions", this.sessions.of(user.getName(), session.getId()));
		return "account/sessions";
	}

	@PostMapping("/{sid}/end")
	String end(@PathVariable String sid, Principal user, HttpSession session, RedirectAttributes redirect) {
		boolean current = GrantingSession.sidOf(session.getId()).equals(sid);
		if (!current && this.sessions.has(user.getName(), sid)) {
			this.termination.end(user.getName(), sid, Reason.ENDED_BY_USER, null);
			redirect.addAttribute("ended", 1);
		}
		return "redirect:/account/sessions";
	}

	@PostMapping("/end-others")
	String endOthers(Principal user, HttpSession session, RedirectAttributes redirect) {
		redirect.addAttribute("ended", this.termination.endAll(user.getName(), session.getId(), Reason.ENDED_BY_USER));
		return "redirect:/account/sessions";
	}

}
