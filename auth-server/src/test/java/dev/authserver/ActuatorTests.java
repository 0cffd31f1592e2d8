package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

/**
 * What operators and their monitoring see on the management port: probes, the version,
 * and Prometheus metrics of what the server does. The application port does not serve any
 * of it.
 */
@AuthServerTest
class ActuatorTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Value("${management.server.port}")
	int managementPort;

	@Test
	void probesWhenServerIsUpThenLiveAndReadyWithDatabaseAndSigningKey() {
		HttpExchange management = HttpExchange.to(managementUrl());

		HttpResponse<String> liveness = management.get("/actuator/health/liveness");
		HttpResponse<String> readiness = management.get("/actuator/health/readiness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(liveness)).containsEntry("status", "UP");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(readiness)).containsEntry("status", "UP");
		assertThat(readiness.body()).doesNotContain("privateKey");
	}

	@Test
	void infoWhenRequestedThenReportsTheBuildVersion() {
		HttpResponse<String> info = HttpExchange.to(managementUrl()).get("/actuator/info");

		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"build\"").contains("\"version\":\"0.1.0-SNAPSHOT\"");
	}

	@Test
	void prometheusWhenTokensAndLoginsHappenedThenCountsThemAndTimesTheTokenEndpoint() {
		HttpExchange http = HttpExchange.to(this.issuer);
		http.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials", "scope", "message.read"),
				TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		http.postFormAsClient("/oauth2/token", Map.of("grant_type", "client_credentials"),
				TestClients.MACHINE_CLIENT_ID, "wrong-secret");
		HttpResponse<String> loginPage = http.browse("/login");
		http.postForm("/login", Map.of("username", TestClients.DEMO_USER, "password", "wrong", "_csrf",
				HttpExchange.csrfToken(loginPage)));

		HttpResponse<String> metrics = HttpExchange.to(managementUrl()).get("/actuator/prometheus");

		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).containsPattern(
				"authserver_tokens_issued_total\\{[^}]*client_id=\"demo-m2m\"[^}]*grant_type=\"client_credentials\"[^}]*} [1-9]")
			.containsPattern("authserver_client_authentications_total\\{[^}]*outcome=\"failure\"[^}]*} [1-9]")
			.containsPattern("authserver_logins_total\\{[^}]*outcome=\"failure\"[^}]*} [1-9]")
			.containsPattern("authserver_token_requests_seconds_bucket\\{[^}]*grant_type=\"client_credentials\"")
			.contains("authserver_keys_rotations_total")
			.contains("authserver_refresh_reuse_detections_total")
			.doesNotContain(TestClients.MACHINE_CLIENT_SECRET);
	}

	@Test
	void applicationPortWhenAskedForActuatorThenDoesNotServeIt() {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get("/actuator/prometheus");

		assertThat(response.statusCode()).isNotEqualTo(200);
		assertThat(response.body()).doesNotContain("authserver_tokens_issued_total");
	}

	private String managementUrl() {
		return "http://localhost:" + this.managementPort;
	}

}
