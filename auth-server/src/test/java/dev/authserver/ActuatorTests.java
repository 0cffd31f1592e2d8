package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;

/**
 * What operators and their monitoring see on the management port: probes, the version,
 * and Prometheus metrics of what the server does. The application port does not serve any
 * of it, and the management port listens on loopback only.
 */
@AuthServerTest
class ActuatorTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Value("${management.server.port}")
	int managementPort;

	@Value("${server.port}")
	int port;

	@Autowired
	ManagementServerProperties management;

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

	@Test
	void managementPortWhenNotConfiguredThenBoundToLoopback() throws IOException {
		assertThat(this.management.getAddress()).isNotNull().matches(InetAddress::isLoopbackAddress);
		try (Socket socket = connect(InetAddress.getLoopbackAddress(), this.managementPort)) {
			assertThat(socket.isConnected()).isTrue();
		}
	}

	/**
	 * Proves the binding from outside: on an address of another interface of this
	 * machine, the application port answers and the management port refuses. Skipped on a
	 * machine with no interface but loopback.
	 */
	@Test
	void managementPortWhenReachedOnAnotherInterfaceThenConnectionRefused() throws IOException {
		Optional<InetAddress> otherInterface = nonLoopbackAddress();
		assumeThat(otherInterface).as("an interface other than loopback").isPresent();

		try (Socket socket = connect(otherInterface.get(), this.port)) {
			assertThat(socket.isConnected()).isTrue();
		}
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> connect(otherInterface.get(), this.managementPort).close());
	}

	private static Socket connect(InetAddress address, int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(address, port), 2_000);
		return socket;
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(ActuatorTests::isUp)
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
			.findFirst();
	}

	private static boolean isUp(NetworkInterface networkInterface) {
		try {
			return networkInterface.isUp();
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

}
