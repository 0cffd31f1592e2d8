package dev.authserver.registration;

import java.time.Instant;
import java.util.Set;

/**
 * An initial access token as the console shows it: never the token itself, which only
 * exists once, when created.
 *
 * @param allowedScopes the scopes clients registered with it may ask for; empty allows
 * those of {@code authserver.scopes.registration-default}
 * @param allowedGrantTypes the grant types clients registered with it may ask for; empty
 * allows any this server supports
 * @param maxUses how many clients it may register; null for any number until it expires
 */
public record InitialAccessToken(String id, String description, Set<String> allowedScopes,
		Set<String> allowedGrantTypes, Integer maxUses, int uses, Instant expiresAt, boolean revoked, Instant createdAt,
		String createdBy) {

	public boolean isUsable(Instant now) {
		return !this.revoked && now.isBefore(this.expiresAt) && (this.maxUses == null || this.uses < this.maxUses);
	}

	/** Why it can or cannot register clients now: active, revoked, expired or used up. */
	public String state(Instant now) {
		if (this.revoked) {
			return "revoked";
		}
		if (!now.isBefore(this.expiresAt)) {
			return "expired";
		}
		return (this.maxUses != null && this.uses >= this.maxUses) ? "used up" : "active";
	}

}
