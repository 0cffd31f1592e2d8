package dev.authserver;

import java.util.Set;
import java.util.UUID;

import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Users created for one test, so that each meets the consent page afresh.
 */
final class TestUsers {

	static final String PASSWORD = "test-user-password";

	static final String NAME = "Test User";

	private TestUsers() {
	}

	/** A new enabled user with role USER, the name {@link #NAME} and a verified email; returns the username. */
	static String create(JdbcUserAccountRepository accounts, PasswordEncoder passwordEncoder) {
		String username = "user-" + UUID.randomUUID();
		accounts.create(new UserAccount(username, passwordEncoder.encode(PASSWORD), NAME, username + "@example.com",
				true, true, Set.of("USER")));
		return username;
	}

}
