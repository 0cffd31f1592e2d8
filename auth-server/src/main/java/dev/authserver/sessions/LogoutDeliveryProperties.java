package dev.authserver.sessions;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How back-channel logout tokens are delivered.
 *
 * @param interval how often each instance looks for deliveries due
 * @param timeout for connecting to a client's logout URI and for its answer
 * @param maxAttempts attempts before a delivery is given up (and audited as failed)
 * @param firstRetryAfter the wait after the first failure; it doubles after each further
 * one
 */
@Validated
@ConfigurationProperties("authserver.sessions.logout-delivery")
record LogoutDeliveryProperties(@DefaultValue("5s") Duration interval, @DefaultValue("5s") Duration timeout,
		@DefaultValue("5") @Min(1) int maxAttempts, @DefaultValue("10s") Duration firstRetryAfter) {

	/** The wait after the {@code failures}-th failure: 1, 2, 4, ... times the first. */
	Duration retryAfter(int failures) {
		return this.firstRetryAfter.multipliedBy(1L << Math.min(failures - 1, 20));
	}

}
