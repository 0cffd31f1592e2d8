package dev.authserver.sessions;

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
 * The console's list of a user's sign-in sessions (when, from where, with which clients),
 * and ending one or all of them: each ends as a logout does, its refresh tokens revoked
 * and its clients told.
 */
@Controller
@RequestMapping("/admin/users/{username}/sessions")
class SessionsAdminController {

	private final SignInSessions sessions;

	private final SessionTermination termination;

	SessionsAdminController(SignInSessions sessions, SessionTermination termination) {
		this.sessions = sessions;
		this.termination = termination;
	}

	@GetMapping
	String list(@PathVariable String username, HttpSession session, Model model) {
		model.addAttribute("username", username);
		model.addAttribute("sessions", this.sessions.of(username, session.getId()));
		return "admin/users/sessions";
	}

	@PostMapping("/{sid}/end")
	String end(@PathVariable String username, @PathVariable String sid, RedirectAttributes redirect) {
		if (this.sessions.has(username, sid)) {
			this.termination.end(username, sid, Reason.ENDED_BY_ADMIN, null);
			redirect.addAttribute("ended", 1);
		}
		return "redirect:/admin/users/{username}/sessions";
	}

	@PostMapping("/end-all")
	String endAll(@PathVariable String username, HttpSession session, RedirectAttributes redirect) {
		redirect.addAttribute("ended", this.termination.endAll(username, session.getId(), Reason.ENDED_BY_ADMIN));
		return "redirect:/admin/users/{username}/sessions";
	}

}
