package dev.authserver.device;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The device authorization grant's settings. How long device and user codes live is a
 * client's token setting ({@code device-code-time-to-live}).
 *
 * @param interval the seconds a device waits between two polls of the token endpoint,
 * sent as {@code interval} (RFC 8628 §3.2); a device that polls sooner is told
 * {@code slow_down} and must wait 5 seconds more from then on
 * @param addressFreeFailures wrong user codes from one client address within
 * {@code failureWindow} before the verification page refuses further codes from there
 * with 429 for the rest of the window
 * @param sessionFreeFailures the same for one sign-in session
 * @param failureWindow how long wrong user codes are counted, from the first
 */
@Validated
@ConfigurationProperties("authserver.device")
public record DeviceProperties(@DefaultValue("5s") Duration interval,
		@DefaultValue("20") @Min(1) int addressFreeFailures, @DefaultValue("5") @Min(1) int sessionFreeFailures,
		@DefaultValue("15m") Duration failureWindow) {

	public DeviceProperties {
		if (interval.toSeconds() < 1) {
			throw new IllegalArgumentException("authserver.device.interval must be at least 1s");
		}
	}

}
