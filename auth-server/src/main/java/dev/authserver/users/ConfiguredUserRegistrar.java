package dev.authserver.users;

import java.util.HashSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates the user named by Boot's {@code spring.security.user.*} properties when it does
 * not exist yet.
 * <p>
 * Only an explicitly configured password counts: Boot invents a random one otherwise,
 * which nobody could use.
 */
class ConfiguredUserRegistrar implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ConfiguredUserRegistrar.class);

	private final SecurityProperties.User user;

	private final JdbcUserAccountRepository accounts;

	private final PasswordEncoder passwordEncoder;

	ConfiguredUserRegistrar(SecurityProperties securityProperties, JdbcUserAccountRepository accounts,
			PasswordEncoder passwordEncoder) {
		this.user = securityProperties.getUser();
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.user.isPasswordGenerated() || this.accounts.exists(this.user.getName())) {
			return;
		}
		try {
			this.accounts
				.create(new UserAccount(this.user.getName(), this.passwordEncoder.encode(this.user.getPassword()),
						this.user.getName(), null, false, true, new HashSet<>(this.user.getRoles())));
			log.info("Created user {} from spring.security.user", this.user.getName());
		}
		catch (DuplicateKeyException ex) {
			// Another instance on the same database created it first.
		}
	}

}
