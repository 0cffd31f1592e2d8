package dev.authserver.availability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;

/**
 * One warning line per interval while the database is unreachable, however many requests
 * or jobs fail meanwhile, with the count of those that failed since the last line: an
 * outage is one event to an operator, not a stack trace per request. The line names the
 * failure's class and message, which say where the database is, never what a request
 * carried.
 */
public final class OutageWarnings {

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Logger log;

	private final String what;

	private final Clock clock;

	private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

	private final AtomicLong failuresSinceWarning = new AtomicLong();

	public OutageWarnings(Logger log, String what) {
		this(log, what, Clock.systemUTC());
	}

	OutageWarnings(Logger log, String what, Clock clock) {
		this.log = log;
		this.what = what;
		this.clock = clock;
	}

	public void failed(Throwable failure) {
		long failures = this.failuresSinceWarning.incrementAndGet();
		Instant now = this.clock.instant();
		Instant last = this.lastWarning.get();
		if (now.isBefore(last.plus(INTERVAL)) || !this.lastWarning.compareAndSet(last, now)) {
			return;
		}
		this.failuresSinceWarning.addAndGet(-failures);
		this.log.warn("Database unavailable: {}; {} failure(s) since the last warning, the latest: {}", this.what,
				failures, rootCause(failure));
	}

	private static String rootCause(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause.getCause() != null && depth < 16; depth++) {
			cause = cause.getCause();
		}
		return cause.getClass().getName() + ": " + cause.getMessage();
	}

}
