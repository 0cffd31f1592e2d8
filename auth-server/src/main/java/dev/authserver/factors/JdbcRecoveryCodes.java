package dev.authserver.factors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ten single-use recovery codes per user, stored as their SHA-256: a code has 50 random
 * bits and is tried only at the throttled second-factor step, so a slow hash would buy
 * nothing, and checking one is a single indexed DELETE rather than ten bcrypt
 * comparisons. The code that deletes the row is the one use.
 */
class JdbcRecoveryCodes {

	static final int COUNT = 10;

	/** Crockford-like base32 without the letters people misread (I, L, O, U). */
	private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	private static final int CODE_LENGTH = 10;

	private static final String USER_ID = "(SELECT id FROM user_account WHERE username = ?)";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	JdbcRecoveryCodes(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Replaces the user's codes with ten new ones, returned once in clear. */
	List<String> regenerate(String username) {
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < COUNT; i++) {
			codes.add(generate());
		}
		this.transactions.executeWithoutResult((status) -> {
			delete(username);
			for (String code : codes) {
				this.jdbc.sql("INSERT INTO recovery_code (user_id, code_hash) VALUES (" + USER_ID + ", ?)")
					.param(username)
					.param(OpaqueTokens.hash(normalized(code)))
					.update();
			}
		});
		return codes;
	}

	/** Uses up the code if it is one of the user's: true once. */
	boolean use(String username, String code) {
		String normalized = normalized(code);
		if (normalized.length() != CODE_LENGTH) {
			return false;
		}
		return this.jdbc.sql("DELETE FROM recovery_code WHERE user_id = " + USER_ID + " AND code_hash = ?")
			.param(username)
			.param(OpaqueTokens.hash(normalized))
			.update() == 1;
	}

	int remaining(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM recovery_code WHERE user_id = " + USER_ID)
			.param(username)
			.query(Integer.class)
			.single();
	}

	void delete(String username) {
		this.jdbc.sql("DELETE FROM recovery_code WHERE user_id = " + USER_ID).param(username).update();
	}

	/**
	 * Shown as two groups of five, as people copy them; typed in any case, with or
	 * without the dash.
	 */
	private static String generate() {
		byte[] random = OpaqueTokens.randomBytes(CODE_LENGTH);
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < CODE_LENGTH; i++) {
			if (i == CODE_LENGTH / 2) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(random[i] & 0x1f));
		}
		return code.toString();
	}

	private static String normalized(String code) {
		return (code == null) ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
	}

}
