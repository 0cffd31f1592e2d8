package dev.authserver;

import java.util.Set;
import java.util.UUID;

import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Users created for one test, so that each meets the consent page afresh. Every
 * {@link AuthServerTest} server has this as a bean: a test class autowires it instead of
 * the repository and the password encoder.
 */
final class TestUsers {

	static final String PASSWORD = "test-user-password";

	static final String NAME = "Test User";

	private final JdbcUserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	TestUsers(JdbcUserAccountRepository accounts, PasswordEncoder passwordEncoder) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
	}

	/**
	 * A new enabled user with role USER, the name {@link #NAME} and a verified email;
	 * returns the username.
	 */
	String create() {
		String username = "user-" + UUID.randomUUID();
		this.accounts.create(new UserAccount(username, this.passwordEncoder.encode(PASSWORD), NAME,
				username + "@example.com", true, true, Set.of("USER")));
		return username;
	}

}
