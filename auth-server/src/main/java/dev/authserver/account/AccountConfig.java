package dev.authserver.account;

import java.time.Clock;

import dev.authserver.audit.AuditLog;
import dev.authserver.users.JdbcUserAccountRepository;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Wires the account pages' mail, links and throttle. Boot configures the
 * {@link JavaMailSender} from {@code spring.mail.*} when {@code spring.mail.host} is set;
 * without it the pages that need mail answer 404.
 */
@Configuration(proxyBeanMethods = false)
class AccountConfig {

	@Bean
	AccountMail accountMail(ObjectProvider<JavaMailSender> mailSender, AccountProperties properties,
			AuthorizationServerSettings settings) {
		JavaMailSender sender = mailSender.getIfAvailable();
		if (properties.selfRegistration() && sender == null) {
			throw new IllegalStateException("authserver.account.self-registration=true needs mail to verify the "
					+ "addresses of new accounts: set spring.mail.host (and spring.mail.port, username, password)");
		}
		return new AccountMail(sender, properties, settings.getIssuer());
	}

	@Bean
	JdbcAccountTokens accountTokens(JdbcClient jdbc) {
		return new JdbcAccountTokens(jdbc, Clock.systemUTC());
	}

	@Bean
	AccountLinks accountLinks(JdbcUserAccountRepository accounts, JdbcAccountTokens accountTokens, JdbcClient jdbc,
			AccountMail accountMail, AccountProperties properties, AuditLog auditLog) {
		return new AccountLinks(accounts, accountTokens,
				new JdbcAccountMailThrottle(jdbc, properties, Clock.systemUTC()), accountMail, properties, auditLog);
	}

	/** Read by the login page, as {@code @accountPages}, to offer what is available. */
	@Bean
	AccountPages accountPages(AccountMail accountMail, AccountProperties properties) {
		return new AccountPages(accountMail.isAvailable(), properties.selfRegistration());
	}

}
