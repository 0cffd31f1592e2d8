package dev.authserver.factors;

import java.time.Clock;

import dev.authserver.audit.AuditLog;
import dev.authserver.keys.KeyEncryptionCipher;
import dev.authserver.users.JdbcLoginThrottle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires one-time codes, recovery codes, the second-factor requirements and the
 * authorization that holds a sign-in to them.
 */
@Configuration(proxyBeanMethods = false)
class FactorsConfig {

	@Bean
	JdbcTotpCredentials totpCredentials(JdbcClient jdbcClient, KeyEncryptionCipher keyEncryptionCipher) {
		return new JdbcTotpCredentials(jdbcClient, keyEncryptionCipher, Clock.systemUTC());
	}

	@Bean
	JdbcRecoveryCodes recoveryCodes(JdbcClient jdbcClient, PlatformTransactionManager transactionManager) {
		return new JdbcRecoveryCodes(jdbcClient, new TransactionTemplate(transactionManager));
	}

	@Bean
	JdbcSecondFactorRequirements secondFactorRequirements(JdbcClient jdbcClient) {
		return new JdbcSecondFactorRequirements(jdbcClient);
	}

	@Bean
	SecondFactors secondFactors(JdbcTotpCredentials totpCredentials, JdbcRecoveryCodes recoveryCodes,
			JdbcSecondFactorRequirements secondFactorRequirements, JdbcLoginThrottle loginThrottle, AuditLog auditLog,
			SecondFactorProperties properties) {
		return new SecondFactors(totpCredentials, recoveryCodes, secondFactorRequirements, loginThrottle, auditLog,
				properties, Clock.systemUTC());
	}

	@Bean
	SecondFactorAuthorization secondFactorAuthorization(SecondFactors secondFactors) {
		return new SecondFactorAuthorization(secondFactors);
	}

	@Bean
	SecondFactorSignIn secondFactorSignIn() {
		return new SecondFactorSignIn(Clock.systemUTC());
	}

}
