package dev.authserver.availability;

import java.util.Arrays;

import org.slf4j.Logger;

/**
 * How a scheduled job logs a failed run: while the database cannot be reached, one
 * warning line per interval (the job runs again and succeeds once it is back); any other
 * failure as an error with its stack trace.
 */
public final class JobFailures {

	private final Logger log;

	private final OutageWarnings outage;

	public JobFailures(Logger log, String job) {
		this.log = log;
		this.outage = new OutageWarnings(log, job + " failed, runs again");
	}

	/**
	 * Logs the failure; the message and its arguments are for failures of other kinds.
	 */
	public void failed(Throwable failure, String message, Object... arguments) {
		if (DatabaseUnavailable.causedBy(failure)) {
			this.outage.failed(failure);
			return;
		}
		Object[] withFailure = Arrays.copyOf(arguments, arguments.length + 1);
		withFailure[arguments.length] = failure;
		this.log.error(message, withFailure);
	}

}
