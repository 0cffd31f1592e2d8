package dev.authserver.availability;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the server answers while its database cannot be reached.
 *
 * @param retryAfter the {@code Retry-After} of a {@code 503} answered because the
 * database cannot be reached (whole seconds, at least one): about as long as a database
 * restart or fail-over takes
 */
@ConfigurationProperties("authserver.availability")
public record AvailabilityProperties(@DefaultValue("5s") Duration retryAfter) {
}
