package dev.authserver.availability;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Tells a failure to reach the database (stopped, restarting, unreachable, out of
 * connections) from a defect. Only the first is worth a retry, so only it is answered
 * {@code 503} and logged without a stack trace.
 */
public final class DatabaseUnavailable {

	/** Deeper cause chains than this are not followed: none of ours is nearly as deep. */
	private static final int MAX_CAUSES = 16;

	private DatabaseUnavailable() {
	}

	/**
	 * Whether the failure, or one of its causes, says the database cannot be reached:
	 * Spring's translations of it, the pool's timeout waiting for a connection, or an SQL
	 * state of class {@code 08} (connection exception) or {@code 57P} (the server is
	 * shutting down or starting).
	 */
	public static boolean causedBy(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
			if (cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
					|| (cause instanceof SQLException sql && isConnectionState(sql.getSQLState()))) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	private static boolean isConnectionState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P"));
	}

}
