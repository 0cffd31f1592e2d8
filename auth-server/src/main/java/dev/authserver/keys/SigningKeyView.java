package dev.authserver.keys;

import java.time.Instant;

/**
 * A signing key as the admin console and API show it: its id, state and dates, never key
 * material.
 */
public record SigningKeyView(String kid, SigningKeyState state, Instant createdAt, Instant activatedAt,
		Instant retiredAt) {
}
