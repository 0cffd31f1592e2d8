package dev.authserver.authorizations;

import java.time.Instant;

/**
 * Rows of another feature that the cleanup job deletes on its schedule, in its batches:
 * the feature that owns the table says which rows nobody can use any more, so this
 * package needs to know none of them.
 */
public interface CleanupTask {

	/**
	 * Deletes up to {@code batchSize} rows nobody can use any more.
	 * @param cutoff {@code now} less {@code authserver.cleanup.expired-for}, for rows
	 * kept a while after they ended
	 * @return how many it deleted
	 */
	int deleteBatch(Instant now, Instant cutoff, int batchSize);

	/**
	 * What the rows are, plural, for the job's log line:
	 * {@code "expired client assertion jti(s)"}.
	 */
	String rows();

}
