package dev.authserver.samples.downstreamapi;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whom the caller's token is for ({@code sub}), who acts for them ({@code act}, nested
 * for a chain of delegations, RFC 8693 §4.1; absent for a token the subject holds itself)
 * and which audience it names.
 */
@RestController
class IdentityController {

	@GetMapping("/api/identity")
	Map<String, Object> identity(JwtAuthenticationToken authentication) {
		Jwt token = authentication.getToken();
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("sub", token.getSubject());
		identity.put("act", token.getClaimAsMap("act"));
		identity.put("aud", token.getAudience());
		return identity;
	}

}
