package dev.authserver.clients;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a cache eviction once the change it follows is visible to every connection.
 * <p>
 * Evicting inside the transaction is too early: a request on another connection that
 * misses the cache meanwhile reads the committed, old row and caches it again, and this
 * instance then serves the old client until the cache entry expires. A rollback evicts as
 * well, because what was read inside the transaction may have been cached.
 */
final class AfterTransaction {

	private AfterTransaction() {
	}

	/**
	 * Runs {@code eviction} when the current transaction ends, or at once outside a
	 * transaction.
	 */
	static void run(Runnable eviction) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			eviction.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				eviction.run();
			}

		});
	}

}
