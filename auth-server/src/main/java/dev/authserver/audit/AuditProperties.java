package dev.authserver.audit;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for the audit log.
 *
 * @param retention how long events are kept
 * @param cleanupInterval how often each instance deletes the events older than
 * {@code retention}
 * @param queueCapacity events waiting to be written before a request writes its own event
 * at once
 * @param pageSize events per page in the admin console
 * @param excludedTypes event types not recorded: {@code TOKEN_ISSUED} writes a row per
 * token, which a busy machine-to-machine deployment may not want to keep
 */
@Validated
@ConfigurationProperties("authserver.audit")
public record AuditProperties(@DefaultValue("90d") Duration retention, @DefaultValue("1h") Duration cleanupInterval,
		@DefaultValue("10000") @Min(1) int queueCapacity, @DefaultValue("50") @Min(1) int pageSize,
		@DefaultValue Set<AuditEventType> excludedTypes) {
}
