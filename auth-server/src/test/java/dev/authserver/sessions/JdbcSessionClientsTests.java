package dev.authserver.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The clients of sessions that timed out go with the cleanup job once their authorization
 * is gone; rows whose tokens live on, and recent ones, stay.
 */
@JdbcTest
class JdbcSessionClientsTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void deleteBatchWhenRowsAreOldAndTheirAuthorizationIsGoneThenOnlyThoseGo() {
		JdbcSessionClients sessionClients = new JdbcSessionClients(this.jdbc);
		Instant now = Instant.now();
		Instant cutoff = now.minus(Duration.ofHours(1));
		this.jdbc.sql("""
				INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
				    created_at)
				VALUES ('live', 'client', 'alice', 'authorization_code', ?)""").param(Timestamp.from(now)).update();
		sessionClients.add("old-sid", "client", "gone", cutoff.minusSeconds(60));
		sessionClients.add("old-sid", "client", "live", cutoff.minusSeconds(60));
		sessionClients.add("new-sid", "client", "gone-too", now);
		sessionClients.add("new-sid", "client", "gone-too", now);

		int deleted = sessionClients.deleteBatch(now, cutoff, 10);

		assertThat(deleted).isOne();
		assertThat(sessionClients.of("old-sid")).extracting(JdbcSessionClients.SessionClient::authorizationId)
			.containsExactly("live");
		assertThat(sessionClients.of("new-sid")).as("recorded once").hasSize(1);
	}

}
