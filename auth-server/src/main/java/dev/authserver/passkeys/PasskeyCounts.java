package dev.authserver.passkeys;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How many passkeys users have, for the console's user pages, which ask by bean name
 * ({@code @passkeyCounts}) so that the users package need not know about passkeys.
 */
public final class PasskeyCounts {

	private final JdbcPasskeys passkeys;

	PasskeyCounts(JdbcPasskeys passkeys) {
		this.passkeys = passkeys;
	}

	/** The count of each user who has passkeys; those without are left out. */
	public Map<String, Integer> of(Collection<String> usernames) {
		return this.passkeys.counts(usernames);
	}

	public int of(String username) {
		return this.passkeys.counts(List.of(username)).getOrDefault(username, 0);
	}

}
