package dev.authserver.samples.resourceserver.me;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells any caller with a valid token who it is to this API: subject, client, scopes, and
 * whether a user or a machine.
 */
@RestController
class MeController {

	@GetMapping("/api/me")
	Caller me(JwtAuthenticationToken authentication) {
		return Caller.of(authentication);
	}

}
