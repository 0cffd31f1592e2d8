package dev.authserver.account;

import java.util.Locale;

/**
 * What a mailed link does, stored in {@code account_token.purpose} by its lower-case
 * name.
 */
enum AccountTokenPurpose {

	PASSWORD_RESET, EMAIL_CHANGE, REGISTRATION;

	String column() {
		return name().toLowerCase(Locale.ROOT);
	}

	static AccountTokenPurpose of(String column) {
		return valueOf(column.toUpperCase(Locale.ROOT));
	}

}
