package dev.authserver.sessions;

import java.time.Clock;

import dev.authserver.audit.AuditLog;
import dev.authserver.availability.JobFailures;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.clients.JwksUriRequestFactory;
import dev.authserver.clients.OutboundAddressPolicy;
import dev.authserver.keys.SigningKeyRing;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * Wires sign-in sessions to the database: the framework's session registry, the clients
 * of each session, and ending sessions.
 */
@Configuration(proxyBeanMethods = false)
class SessionsConfig {

	/**
	 * Spring Session's cleanup of expired sessions, on its default schedule (every
	 * minute), with the failures of a run logged as the other jobs' are.
	 */
	@Bean
	SchedulingConfigurer expiredSessionsCleanup(JdbcIndexedSessionRepository sessions) {
		JobFailures failures = new JobFailures(LoggerFactory.getLogger(SessionsConfig.class),
				"cleanup of expired sessions");
		return (tasks) -> tasks.addCronTask(() -> {
			try {
				sessions.cleanUpExpiredSessions();
			}
			catch (RuntimeException ex) {
				failures.failed(ex, "Cleanup of expired sessions failed; it runs again in a minute");
			}
		}, JdbcIndexedSessionRepository.DEFAULT_CLEANUP_CRON);
	}

	/**
	 * The registry the framework reads to name a session in ID tokens ({@code sid}) and
	 * to check it at RP-initiated logout. Without a bean it keeps its own in memory
	 * ({@code OAuth2AuthorizationServerConfigurer.initSessionRegistry}), which another
	 * instance or a restart does not see; this one reads Spring Session's rows, found by
	 * the principal name Spring Session indexes.
	 */
	@Bean
	SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessionRepository) {
		return registryOver(sessionRepository);
	}

	private static <S extends Session> SessionRegistry registryOver(FindByIndexNameSessionRepository<S> sessions) {
		return new SpringSessionBackedSessionRegistry<>(sessions);
	}

	@Bean
	JdbcSessionClients sessionClients(JdbcClient jdbcClient) {
		return new JdbcSessionClients(jdbcClient);
	}

	@Bean
	SessionClientRecorder sessionClientRecorder(JdbcSessionClients sessionClients) {
		return new SessionClientRecorder(sessionClients, Clock.systemUTC());
	}

	@Bean
	JdbcLogoutDeliveries logoutDeliveries(JdbcClient jdbcClient) {
		return new JdbcLogoutDeliveries(jdbcClient);
	}

	/**
	 * @param jdbcRegisteredClientRepository every client, disabled ones too: a disabled
	 * client is still told that its user's session ended
	 */
	@Bean
	SessionTermination sessionTermination(FindByIndexNameSessionRepository<? extends Session> sessionRepository,
			JdbcSessionClients sessionClients, JdbcLogoutDeliveries logoutDeliveries,
			OAuth2AuthorizationService authorizationService,
			JdbcRegisteredClientRepository jdbcRegisteredClientRepository, AuditLog auditLog,
			PlatformTransactionManager transactionManager, AuthorizationServerSettings settings) {
		return new SessionTermination(sessionRepository, sessionClients, logoutDeliveries, authorizationService,
				jdbcRegisteredClientRepository, auditLog, new TransactionTemplate(transactionManager),
				settings.getIssuer(), Clock.systemUTC());
	}

	@Bean
	SessionEndingLogoutHandler sessionEndingLogoutHandler(SessionTermination sessionTermination) {
		return new SessionEndingLogoutHandler(sessionTermination);
	}

	/**
	 * @param clientMetadataValidator what accepts a client's logout URIs, and so knows
	 * whether development mode lets a developer's clients listen on their own machine
	 */
	@Bean
	BackChannelLogoutWorker backChannelLogoutWorker(JdbcLogoutDeliveries logoutDeliveries, SigningKeyRing jwkSource,
			AuthorizationServerSettings settings, ClientMetadataValidator clientMetadataValidator, AuditLog auditLog,
			LogoutDeliveryProperties properties) {
		// The same client as a jwks_uri fetch: public addresses only, no redirect,
		// bounded
		// in time and size.
		RestTemplate http = new RestTemplate(new JwksUriRequestFactory(properties.timeout(),
				new OutboundAddressPolicy(clientMetadataValidator.allowsHttpLocalhost())));
		http.getInterceptors().add(JwksUriRequestFactory.bodySizeLimit());
		return new BackChannelLogoutWorker(logoutDeliveries,
				new LogoutTokens(jwkSource, settings.getIssuer(), Clock.systemUTC()), http, auditLog, properties,
				Clock.systemUTC());
	}

	@Bean
	SignInRecorder signInRecorder(JdbcSessionClients sessionClients) {
		return new SignInRecorder(sessionClients, Clock.systemUTC());
	}

	@Bean
	SignInSessions signInSessions(FindByIndexNameSessionRepository<? extends Session> sessionRepository,
			JdbcSessionClients sessionClients) {
		return new SignInSessions(sessionRepository, sessionClients);
	}

}
