package dev.authserver.samples.clientdemo.device;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The device page: start, then the user code and where to enter it, refreshed at the
 * polling interval (a {@code meta} refresh: no script), each refresh polling once when
 * the interval allows, until the user approved or denied or the code expired.
 */
@Controller
class DeviceController {

	private static final String FLOW = DeviceFlow.class.getName();

	/** What the device asks for: the demo device client's scopes. */
	private static final String SCOPE = "profile message.read";

	private final DeviceClient device;

	DeviceController(DeviceClient device) {
		this.device = device;
	}

	@GetMapping("/device")
	String device(HttpSession session, Model model) {
		DeviceFlow flow = (DeviceFlow) session.getAttribute(FLOW);
		if (flow != null) {
			flow = pollIfDue(flow);
			session.setAttribute(FLOW, flow);
			model.addAttribute("flow", flow);
		}
		return "device";
	}

	@PostMapping("/device")
	String start(HttpSession session) {
		session.setAttribute(FLOW, this.device.start(SCOPE));
		return "redirect:/device";
	}

	@PostMapping("/device/reset")
	String reset(HttpSession session) {
		session.removeAttribute(FLOW);
		return "redirect:/device";
	}

	private DeviceFlow pollIfDue(DeviceFlow flow) {
		Instant now = Instant.now();
		if (!flow.mayPoll(now)) {
			return flow;
		}
		DeviceFlow polled = flow.polled(now);
		Map<String, Object> response = this.device.poll(polled);
		if (response.get("access_token") instanceof String accessToken) {
			try {
				return polled.ended("approved", new LinkedHashMap<>(this.device.claims(accessToken)));
			}
			catch (JwtException ex) {
				// Shown as the outcome rather than a server error: the token does not
				// verify.
				return polled.ended("invalid_token", null);
			}
		}
		Object error = response.get("error");
		if ("authorization_pending".equals(error)) {
			return polled;
		}
		if ("slow_down".equals(error)) {
			return polled.slowedDown();
		}
		return polled.ended(String.valueOf(error), null);
	}

}
