package dev.authserver.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.availability.DatabaseUnavailable;
import dev.authserver.availability.OutageWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records security events. The caller's thread only queues the event, with the acting
 * user or client and the caller's address taken from the current request; one writer
 * thread stores queued events in batches, so a token request does not wait for an insert
 * of its own. When the queue is full, or the writer is not running, the caller writes its
 * event itself: slower, but nothing is dropped. On shutdown the writer stops after the
 * web server has finished its requests and writes what is left.
 */
public class AuditLog implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private static final int BATCH_SIZE = 500;

	private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

	private final OutageWarnings outageWarnings = new OutageWarnings(log,
			"audit events kept in the queue and stored once it is back");

	private final JdbcAuditEventRepository repository;

	private final BlockingQueue<AuditEvent> queue;

	private final Clock clock;

	private final Set<AuditEventType> excludedTypes;

	private volatile boolean running;

	private Thread writer;

	AuditLog(JdbcAuditEventRepository repository, int queueCapacity, Set<AuditEventType> excludedTypes, Clock clock) {
		this.repository = repository;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.excludedTypes = excludedTypes.isEmpty() ? Set.of() : EnumSet.copyOf(excludedTypes);
		this.clock = clock;
	}

	/**
	 * A success of whoever is signed in for the current request; without one, of the
	 * client concerned (a client managing its own registration), or of the server itself
	 * (a scheduled job).
	 */
	public void success(AuditEventType type, String clientId, String detail) {
		String actor = currentActor();
		record(type, Outcome.SUCCESS, (actor != null) ? actor : clientId, clientId, detail);
	}

	public void record(AuditEventType type, Outcome outcome, String actor, String clientId, String detail) {
		if (this.excludedTypes.contains(type)) {
			return;
		}
		AuditEvent event = new AuditEvent(this.clock.instant(), type, outcome, limit(actor, 200), limit(clientId, 100),
				limit(currentAddress(), 64), limit(detail, 500));
		if (!this.running || !this.queue.offer(event)) {
			this.repository.insertAll(List.of(event));
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.writer = new Thread(this::writeQueuedEvents, "audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.writer.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Below the web server's phases: starts before it takes requests, stops after its
	 * last request ends.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * Stores queued events in batches. While the database cannot be reached, the batch in
	 * hand is kept and tried again every second (the queue fills meanwhile, and once it
	 * is full, callers store their own events, and fail, as every request that needs the
	 * database does); any other failure is logged with the batch it lost.
	 */
	private void writeQueuedEvents() {
		List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
		while (!Thread.currentThread().isInterrupted() && (this.running || !this.queue.isEmpty() || !batch.isEmpty())) {
			try {
				if (batch.isEmpty()) {
					AuditEvent first = this.queue.poll(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					this.queue.drainTo(batch, BATCH_SIZE - 1);
				}
				this.repository.insertAll(batch);
				batch.clear();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (this.running && DatabaseUnavailable.causedBy(ex)) {
					this.outageWarnings.failed(ex);
					pauseBeforeRetry();
				}
				else {
					log.error("Could not store {} audit event(s)", batch.size(), ex);
					batch.clear();
				}
			}
		}
	}

	private void pauseBeforeRetry() {
		try {
			Thread.sleep(RETRY_DELAY.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return authentication.getName();
	}

	private static String currentAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return attributes.getRequest().getRemoteAddr();
		}
		return null;
	}

	private static String limit(String value, int length) {
		return (value != null && value.length() > length) ? value.substring(0, length) : value;
	}

}
