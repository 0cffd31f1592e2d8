package dev.authserver.clients;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Throttling of failed client authentications at the token, introspection and revocation
 * endpoints.
 *
 * @param clientFreeFailures failed authentications of one client id from one caller
 * address within {@code window} before its requests from there are refused with 429 for
 * the rest of the window; from other addresses the client passes
 * @param addressFreeFailures the same for one caller address and any client id, since an
 * address may carry many clients
 * @param window how long failures are counted, and how long a throttled client id at an
 * address, or an address, waits
 */
@Validated
@ConfigurationProperties("authserver.client-authentication")
public record ClientAuthenticationThrottleProperties(@DefaultValue("10") @Min(1) int clientFreeFailures,
		@DefaultValue("50") @Min(1) int addressFreeFailures, @DefaultValue("1m") Duration window) {
}
