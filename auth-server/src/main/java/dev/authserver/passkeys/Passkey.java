package dev.authserver.passkeys;

import java.time.Instant;

/**
 * A registered passkey as the account page and the console show it.
 *
 * @param id the credential id, base64url, as WebAuthn names it
 * @param label the name its user gave it
 * @param created when it was registered
 * @param lastUsed when it last signed the user in (its registration, until then)
 */
record Passkey(String id, String label, Instant created, Instant lastUsed) {

	/** The longest label the account page takes. */
	static final int MAX_LABEL_LENGTH = 64;

	/** Why {@code label} cannot name a passkey, or {@code null} when it can. */
	static String labelProblem(String label) {
		if (label == null || label.isBlank()) {
			return "Give the passkey a name, such as the device it is on";
		}
		if (label.strip().length() > MAX_LABEL_LENGTH) {
			return "At most " + MAX_LABEL_LENGTH + " characters";
		}
		if (label.chars().anyMatch(Character::isISOControl)) {
			return "Letters, digits, spaces and punctuation only";
		}
		return null;
	}

}
