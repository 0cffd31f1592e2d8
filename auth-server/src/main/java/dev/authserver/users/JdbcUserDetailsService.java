package dev.authserver.users;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Loads accounts for the login form, and re-hashes a password when its stored hash is
 * outdated.
 * <p>
 * It returns Spring's own {@link User}, because the principal is serialized into each
 * stored authorization and the framework's JSON type allow-list knows that class.
 */
class JdbcUserDetailsService implements UserDetailsService, UserDetailsPasswordService {

	private final JdbcUserAccountRepository accounts;

	JdbcUserDetailsService(JdbcUserAccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		UserAccount account = this.accounts.findByUsername(username)
			.orElseThrow(() -> new UsernameNotFoundException("No such user"));
		return User.withUsername(account.username())
			.password(account.passwordHash())
			.disabled(!account.enabled())
			.roles(account.roles().toArray(String[]::new))
			.build();
	}

	@Override
	public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
		this.accounts.updatePasswordHash(user.getUsername(), newPasswordHash);
		return User.withUserDetails(user).password(newPasswordHash).build();
	}

}
