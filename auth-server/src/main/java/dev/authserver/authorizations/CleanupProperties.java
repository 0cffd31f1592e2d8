package dev.authserver.authorizations;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for the job that deletes what nobody can use any more.
 *
 * @param interval how often each instance runs it
 * @param batchSize rows deleted per statement, so no statement holds locks for long
 * @param expiredFor how long after its last token expired an authorization is kept (also
 * the age at which a pending authorization request, never consented, is deleted);
 * likewise how long an initial access token is kept after it expired, and the age it must
 * reach before it goes for being revoked or used up
 */
@Validated
@ConfigurationProperties("authserver.cleanup")
public record CleanupProperties(@DefaultValue("10m") Duration interval, @DefaultValue("1000") @Min(1) int batchSize,
		@DefaultValue("1h") Duration expiredFor) {
}
