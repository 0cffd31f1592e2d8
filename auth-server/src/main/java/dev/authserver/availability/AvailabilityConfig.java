package dev.authserver.availability;

import org.slf4j.LoggerFactory;

import dev.authserver.protocol.ServletFilterOrder;

import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ErrorHandler;

@Configuration(proxyBeanMethods = false)
class AvailabilityConfig {

	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter(AvailabilityProperties properties) {
		return ServletFilterOrder.DATABASE_UNAVAILABLE
			.apply(new FilterRegistrationBean<>(new DatabaseUnavailableFilter(properties.retryAfter())));
	}

	@Bean
	ThreadPoolTaskSchedulerCustomizer scheduledJobErrorsOnPlatformThreads() {
		return (scheduler) -> scheduler.setErrorHandler(scheduledJobErrors());
	}

	@Bean
	SimpleAsyncTaskSchedulerCustomizer scheduledJobErrorsOnVirtualThreads() {
		return (scheduler) -> scheduler.setErrorHandler(scheduledJobErrors());
	}

	/**
	 * For the scheduled jobs that let a failure escape (the login throttle's forgetting):
	 * Spring's default handler logs each with its stack trace.
	 */
	private static ErrorHandler scheduledJobErrors() {
		JobFailures failures = new JobFailures(LoggerFactory.getLogger(AvailabilityConfig.class), "scheduled job");
		return (failure) -> failures.failed(failure, "Unexpected error occurred in scheduled task");
	}

}
