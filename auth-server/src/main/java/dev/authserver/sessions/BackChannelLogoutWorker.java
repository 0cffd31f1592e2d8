package dev.authserver.sessions;

import java.time.Clock;
import java.time.Instant;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.availability.JobFailures;
import dev.authserver.sessions.JdbcLogoutDeliveries.LogoutDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * Delivers the outbox's logout tokens: every interval, each instance takes the deliveries
 * due (one conditional update each, so exactly one instance makes an attempt), posts
 * {@code logout_token} to the client's back-channel URI through the egress rules of every
 * outbound call, and counts a 2xx answer as delivered. A failure is retried with an
 * exponential back-off, up to a bounded number of attempts. Each outcome is audited.
 *
 * @see <a href=
 * "https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRequest">Back-Channel
 * Logout 1.0 §2.5</a>
 */
class BackChannelLogoutWorker implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutWorker.class);

	private final JobFailures failures = new JobFailures(log, "back-channel logout delivery");

	private static final int BATCH_SIZE = 100;

	private final JdbcLogoutDeliveries deliveries;

	private final LogoutTokens logoutTokens;

	private final RestOperations http;

	private final AuditLog auditLog;

	private final LogoutDeliveryProperties properties;

	private final Clock clock;

	BackChannelLogoutWorker(JdbcLogoutDeliveries deliveries, LogoutTokens logoutTokens, RestOperations http,
			AuditLog auditLog, LogoutDeliveryProperties properties, Clock clock) {
		this.deliveries = deliveries;
		this.logoutTokens = logoutTokens;
		this.http = http;
		this.auditLog = auditLog;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::deliverDue, this.properties.interval(), this.properties.interval()));
	}

	void deliverDue() {
		try {
			for (LogoutDelivery delivery : this.deliveries.due(this.clock.instant(), BATCH_SIZE)) {
				// Long enough for the attempt; an instance that dies meanwhile leaves the
				// delivery to whichever looks next after that.
				Instant leaseUntil = this.clock.instant().plus(this.properties.timeout().multipliedBy(3));
				if (this.deliveries.claim(delivery, leaseUntil)) {
					attempt(delivery, delivery.attempts() + 1);
				}
			}
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex, "Back-channel logout delivery failed; it runs again in {}",
					this.properties.interval());
		}
	}

	private void attempt(LogoutDelivery delivery, int attempt) {
		String failure = post(delivery);
		if (failure == null) {
			this.deliveries.remove(delivery.id());
			this.auditLog.record(AuditEventType.LOGOUT_DELIVERED, Outcome.SUCCESS, null, delivery.clientId(),
					"attempt=" + attempt);
			return;
		}
		boolean givenUp = attempt >= this.properties.maxAttempts();
		if (givenUp) {
			this.deliveries.remove(delivery.id());
			log.warn("Gave up the back-channel logout of client {} after {} attempts: {}", delivery.clientId(), attempt,
					failure);
		}
		else {
			this.deliveries.retryAt(delivery.id(), this.clock.instant().plus(this.properties.retryAfter(attempt)));
			log.debug("Back-channel logout of client {} failed (attempt {}): {}", delivery.clientId(), attempt,
					failure);
		}
		this.auditLog.record(AuditEventType.LOGOUT_DELIVERY_FAILED, Outcome.FAILURE, null, delivery.clientId(),
				"attempt=" + attempt + " " + failure + (givenUp ? " given_up" : ""));
	}

	/**
	 * @return null when delivered, else what went wrong (a status, or the kind of error:
	 * no URI or token in it)
	 */
	private String post(LogoutDelivery delivery) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("logout_token", this.logoutTokens.sign(delivery.clientId(), delivery.subject(), delivery.sid()));
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
		try {
			ResponseEntity<Void> response = this.http.postForEntity(delivery.logoutUri(),
					new HttpEntity<>(form, headers), Void.class);
			return response.getStatusCode().is2xxSuccessful() ? null : "status=" + response.getStatusCode().value();
		}
		catch (HttpStatusCodeException ex) {
			return "status=" + ex.getStatusCode().value();
		}
		catch (RestClientException ex) {
			return "error=" + ((ex.getRootCause() != null) ? ex.getRootCause().getClass().getSimpleName()
					: ex.getClass().getSimpleName());
		}
	}

}
