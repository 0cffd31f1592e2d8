package dev.authserver.samples.resourceserver.me;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who called, as this API sees it in the access token.
 *
 * @param sub the token's subject: a user's name, or the client itself for a machine
 * @param clientId the client the token was issued to
 * @param scopes the scopes this API granted from the token's {@code scope} claim
 * @param kind {@code user} or {@code machine}
 */
record Caller(String sub, @JsonProperty("client_id") String clientId, List<String> scopes, String kind) {

	private static final String SCOPE_AUTHORITY_PREFIX = "SCOPE_";

	static Caller of(JwtAuthenticationToken authentication) {
		Jwt token = authentication.getToken();
		String clientId = token.getClaimAsString("client_id");
		List<String> scopes = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(SCOPE_AUTHORITY_PREFIX))
			.map((authority) -> authority.substring(SCOPE_AUTHORITY_PREFIX.length()))
			.sorted()
			.toList();
		// The auth-server issues a client-credentials token with the client as its
		// subject (sub equals client_id);
		// a token obtained for a user has the user's name as sub.
		String kind = token.getSubject().equals(clientId) ? "machine" : "user";
		return new Caller(token.getSubject(), clientId, scopes, kind);
	}

}
