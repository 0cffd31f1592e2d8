package dev.authserver.users;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Wires account storage, password hashing and the login's {@code UserDetailsService}.
 */
@Configuration(proxyBeanMethods = false)
class UsersConfig {

	/**
	 * For user passwords: bcrypt by default, slow on purpose because people choose
	 * guessable passwords; the {id} prefix lets stored hashes move to another algorithm
	 * later. Client secrets have their own encoder.
	 */
	@Bean
	@Primary
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	JdbcUserDetailsService userDetailsService(JdbcUserAccountRepository accounts) {
		return new JdbcUserDetailsService(accounts);
	}

	@Bean
	UserAccessRevoker userAccessRevoker(UserSessions userSessions, JdbcUserAccountRepository accounts) {
		return new UserAccessRevoker(userSessions, accounts);
	}

	@Bean
	UserPasswords userPasswords(JdbcUserAccountRepository accounts, PasswordEncoder passwordEncoder,
			UserSessions userSessions, UserAccessRevoker userAccessRevoker, JdbcLoginThrottle loginThrottle) {
		return new UserPasswords(accounts, passwordEncoder, userSessions, userAccessRevoker, loginThrottle);
	}

	@Bean
	ConfiguredUserRegistrar configuredUserRegistrar(SecurityProperties securityProperties,
			JdbcUserAccountRepository accounts, PasswordEncoder passwordEncoder) {
		return new ConfiguredUserRegistrar(securityProperties, accounts, passwordEncoder);
	}

}
