package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Every job that keeps the database tidy or the keys current runs at the interval its
 * properties record gives: a job that loses its schedule fails nothing else, it just
 * never runs.
 */
@AuthServerTest
class ScheduledJobsTests {

	@Autowired
	ObjectProvider<ScheduledTaskHolder> scheduledTaskHolders;

	@Test
	void scheduledJobsWhenServerRunsThenEachRunsAtItsConfiguredInterval() {
		List<Duration> intervals = this.scheduledTaskHolders.orderedStream()
			.flatMap((holder) -> holder.getScheduledTasks().stream())
			.map((scheduled) -> scheduled.getTask())
			.filter(FixedDelayTask.class::isInstance)
			.map((task) -> ((FixedDelayTask) task).getIntervalDuration())
			.toList();

		// authserver.keys.check-interval, authserver.cleanup.interval,
		// authserver.sessions.logout-delivery.interval, and all at one
		// hour: authserver.audit.cleanup-interval and authserver.login.forget-after,
		// which forgets old failures and addresses no longer known.
		assertThat(intervals).contains(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(5));
		assertThat(intervals).filteredOn(Duration.ofHours(1)::equals).hasSize(3);
	}

}
