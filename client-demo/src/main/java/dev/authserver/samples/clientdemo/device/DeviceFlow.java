package dev.authserver.samples.clientdemo.device;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One device authorization as the device keeps it, in the demo's session: what to show,
 * when it may poll next, and how it ended.
 *
 * @param outcome null while pending; {@code approved}, {@code access_denied},
 * {@code expired_token} or another error code
 */
record DeviceFlow(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
		Duration interval, Instant expiresAt, Instant lastPoll, String outcome,
		Map<String, Object> claims) implements Serializable {

	/** RFC 8628 §3.5: the device waits at least the interval between two polls. */
	boolean mayPoll(Instant now) {
		return this.outcome == null && (this.lastPoll == null || !now.isBefore(this.lastPoll.plus(this.interval)));
	}

	DeviceFlow polled(Instant now) {
		return new DeviceFlow(this.deviceCode, this.userCode, this.verificationUri, this.verificationUriComplete,
				this.interval, this.expiresAt, now, null, null);
	}

	/** {@code slow_down}: 5 seconds more for this and every later poll. */
	DeviceFlow slowedDown() {
		return new DeviceFlow(this.deviceCode, this.userCode, this.verificationUri, this.verificationUriComplete,
				this.interval.plusSeconds(5), this.expiresAt, this.lastPoll, null, null);
	}

	DeviceFlow ended(String outcome, Map<String, Object> claims) {
		return new DeviceFlow(this.deviceCode, this.userCode, this.verificationUri, this.verificationUriComplete,
				this.interval, this.expiresAt, this.lastPoll, outcome, claims);
	}

}
