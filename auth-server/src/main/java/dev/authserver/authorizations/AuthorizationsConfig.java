package dev.authserver.authorizations;

import java.time.Clock;
import java.util.List;

import dev.authserver.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps authorizations (codes, access, refresh and ID tokens, by their hashes) and
 * consents in the database, so every instance and every restart sees them.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationsConfig {

	/**
	 * The framework's JDBC store, holding token hashes instead of tokens. It reads
	 * clients through the plain JDBC repository, so rows of a disabled client stay
	 * readable.
	 */
	@Bean
	HashedTokenAuthorizationService authorizationService(JdbcOperations jdbcOperations, JdbcClient jdbcClient,
			JdbcRegisteredClientRepository jdbcRegisteredClientRepository, AuthorizationStorageProperties properties,
			AuditLog auditLog, MeterRegistry meterRegistry, PlatformTransactionManager transactionManager) {
		return new HashedTokenAuthorizationService(
				new JdbcOAuth2AuthorizationService(jdbcOperations, jdbcRegisteredClientRepository),
				properties.statelessClients(),
				new RefreshTokenReuse(jdbcClient, jdbcRegisteredClientRepository, auditLog,
						meterRegistry.counter("authserver.refresh.reuse.detections")),
				jdbcClient, new TransactionTemplate(transactionManager));
	}

	/**
	 * @param tasks the tables of other features that the job keeps bounded too
	 */
	@Bean
	AuthorizationCleanupJob authorizationCleanupJob(JdbcClient jdbcClient, List<CleanupTask> tasks,
			CleanupProperties properties) {
		return new AuthorizationCleanupJob(new JdbcAuthorizationCleanup(jdbcClient), tasks, properties,
				Clock.systemUTC());
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbcOperations,
			JdbcRegisteredClientRepository jdbcRegisteredClientRepository, AuditLog auditLog) {
		return new AuditedConsentService(
				new JdbcOAuth2AuthorizationConsentService(jdbcOperations, jdbcRegisteredClientRepository),
				jdbcRegisteredClientRepository, auditLog);
	}

	@Bean
	ConnectedApps connectedApps(JdbcClient jdbcClient, JdbcRegisteredClientRepository jdbcRegisteredClientRepository,
			OAuth2AuthorizationConsentService authorizationConsentService) {
		return new ConnectedApps(jdbcClient, jdbcRegisteredClientRepository, authorizationConsentService);
	}

}
