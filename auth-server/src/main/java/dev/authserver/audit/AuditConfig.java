package dev.authserver.audit;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The audit log, what feeds it from Spring Security's events and the admin console, and
 * its retention job.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfig {

	@Bean
	JdbcAuditEventRepository auditEventRepository(JdbcOperations jdbcOperations, JdbcClient jdbcClient) {
		return new JdbcAuditEventRepository(jdbcOperations, jdbcClient);
	}

	@Bean
	AuditLog auditLog(JdbcAuditEventRepository auditEventRepository, AuditProperties properties) {
		return new AuditLog(auditEventRepository, properties.queueCapacity(), properties.excludedTypes(),
				Clock.systemUTC());
	}

	@Bean
	SecurityEventsAuditor securityEventsAuditor(AuditLog auditLog) {
		return new SecurityEventsAuditor(auditLog);
	}

	@Bean
	WebMvcConfigurer adminActionsAuditing(AuditLog auditLog) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new AdminActionsAuditor(auditLog)).addPathPatterns("/admin/**");
			}

		};
	}

	@Bean
	AuditRetentionJob auditRetentionJob(JdbcAuditEventRepository auditEventRepository, AuditProperties properties) {
		return new AuditRetentionJob(auditEventRepository, properties, Clock.systemUTC());
	}

	/** Scheduled from the properties record, which holds the interval's one default. */
	@Bean
	SchedulingConfigurer auditRetentionSchedule(AuditRetentionJob auditRetentionJob, AuditProperties properties) {
		return (tasks) -> tasks.addFixedDelayTask(
				new FixedDelayTask(auditRetentionJob::run, properties.cleanupInterval(), properties.cleanupInterval()));
	}

}
