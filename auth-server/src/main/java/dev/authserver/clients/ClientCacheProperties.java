package dev.authserver.clients;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the registered-client cache.
 *
 * @param timeToLive how long a cached client is trusted: the bound on how late another
 * instance sees a change made on this one (this instance sees it as soon as the change is
 * committed)
 * @param maximumSize how many clients are cached at most
 */
@Validated
@ConfigurationProperties("authserver.clients.cache")
public record ClientCacheProperties(@DefaultValue("30s") Duration timeToLive,
		@DefaultValue("10000") @Min(1) long maximumSize) {
}
