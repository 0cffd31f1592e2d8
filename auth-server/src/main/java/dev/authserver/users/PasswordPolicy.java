package dev.authserver.users;

import java.nio.charset.StandardCharsets;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.validation.Errors;

/**
 * The passwords an admin or the user may set, and generated ones that meet the same
 * rules.
 */
public final class PasswordPolicy {

	public static final int MIN_LENGTH = 12;

	/**
	 * bcrypt reads only the first 72 bytes, and Spring Security refuses longer passwords
	 * rather than cut them.
	 */
	public static final int MAX_BYTES = 72;

	private PasswordPolicy() {
	}

	public static void check(String password, String field, Errors errors) {
		if (password == null || password.length() < MIN_LENGTH) {
			errors.rejectValue(field, "tooShort", "Use at least " + MIN_LENGTH + " characters");
		}
		else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			errors.rejectValue(field, "tooLong", "Use at most " + MAX_BYTES + " bytes: bcrypt ignores the rest");
		}
	}

	/**
	 * 128 random bits in 22 characters: nobody guesses it, and it can still be read out
	 * or typed.
	 */
	static String generate() {
		return OpaqueTokens.generate("", 16);
	}

}
