package dev.authserver.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.authserver.StaleFirstLookupClientRepository;
import dev.authserver.clients.ClientMetadataMapping;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.clients.TestClientSecretEncoders;
import dev.authserver.users.JdbcUserAccountRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;

/**
 * The demo data on the real schema, as instances starting together on one database create
 * it, and where its generated credentials go.
 */
@JdbcTest(includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
		classes = JdbcUserAccountRepository.class))
@ExtendWith(OutputCaptureExtension.class)
class DemoDataInitializerTests {

	private static final DemoProperties PROPERTIES = new DemoProperties(true, "demo-test-password",
			"admin-test-password", "web-test-secret", "m2m-test-secret", "api-test-secret", "http://localhost:8082",
			"http://127.0.0.1:8080", Duration.ofMinutes(5), Path.of("target", "test-data", "demo-credentials.txt"));

	private static final Set<String> KNOWN_SCOPES = Set.of("openid", "profile", "email", "message.read",
			"message.write");

	/**
	 * Development mode, which the client demo on this machine's loopback address needs.
	 */
	private static final ClientMetadataValidator DEVELOPMENT_MODE = new ClientMetadataValidator(true, KNOWN_SCOPES);

	private static final PasswordEncoder PASSWORD_ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Autowired
	JdbcOperations jdbcOperations;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcUserAccountRepository accounts;

	@Test
	void startWhenAnotherInstanceSavesTheDemoClientsAfterTheLookupThenStartsWithTheirs() {
		initializer(new JdbcRegisteredClientRepository(this.jdbcOperations)).afterSingletonsInstantiated();
		DemoDataInitializer late = initializer(new StaleFirstLookupClientRepository(this.jdbcOperations));

		assertThatNoException().isThrownBy(late::afterSingletonsInstantiated);
		assertThat(this.jdbc.sql("SELECT client_id FROM oauth2_registered_client ORDER BY client_id")
			.query(String.class)
			.list()).containsExactly("demo-api", "demo-device", "demo-m2m", "demo-public", "demo-web");
	}

	@Test
	void startWhenCredentialsAreGeneratedThenTheyAreInAFileOnlyTheOwnerCanReadAndNeverInTheOutput(CapturedOutput output,
			@TempDir Path directory) throws IOException {
		Path file = directory.resolve("data").resolve("demo-credentials.txt");
		DemoProperties generating = new DemoProperties(true, null, null, null, null, null, "http://localhost:8082",
				"http://127.0.0.1:8080", Duration.ofMinutes(5), file);

		new DemoDataInitializer(generating, this.accounts, new JdbcRegisteredClientRepository(this.jdbcOperations),
				PASSWORD_ENCODER, TestClientSecretEncoders.withTestKey(), DEVELOPMENT_MODE)
			.afterSingletonsInstantiated();

		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		List<String> credentials = generatedCredentials(Files.readString(file));
		assertThat(credentials).hasSize(5)
			.allSatisfy((credential) -> assertThat(output.getAll()).doesNotContain(credential));
		assertThat(output.getAll()).contains(file.toString());
		assertThat(this.accounts.findByUsername("admin")).hasValueSatisfying(
				(admin) -> assertThat(PASSWORD_ENCODER.matches(credentials.get(1), admin.passwordHash())).isTrue());
	}

	/**
	 * RFC 8252 §8.4: an http loopback redirect is for native apps, which are public; the
	 * confidential demo-web there is refused as a registration would be, and the start
	 * says which settings to change, before creating anything.
	 */
	@Test
	void startWhenTheClientDemoIsOnHttpLoopbackOutsideDevelopmentModeThenRefusesNamingTheSettings() {
		DemoDataInitializer outsideDevelopmentMode = new DemoDataInitializer(PROPERTIES, this.accounts,
				new JdbcRegisteredClientRepository(this.jdbcOperations), PASSWORD_ENCODER,
				TestClientSecretEncoders.withTestKey(), new ClientMetadataValidator(false, KNOWN_SCOPES));

		assertThatIllegalStateException().isThrownBy(outsideDevelopmentMode::afterSingletonsInstantiated)
			.withMessageContaining("Demo client demo-web")
			.withMessageContaining("http://127.0.0.1:8080/login/oauth2/code/demo")
			.withMessageContaining("authserver.demo.client-demo-url")
			.withMessageContaining("authserver.registration.allow-http-localhost=true");
		assertThat(this.jdbc.sql("SELECT count(*) FROM user_account").query(Integer.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM oauth2_registered_client").query(Integer.class).single())
			.isZero();
	}

	@Test
	void startWhenTheClientDemoIsOnHttpsThenItsClientsPassOutsideDevelopmentMode() {
		DemoProperties https = new DemoProperties(true, "demo-test-password", "admin-test-password", "web-test-secret",
				"m2m-test-secret", "api-test-secret", "http://localhost:8082", "https://client-demo.example",
				Duration.ofMinutes(5), PROPERTIES.credentialsFile());

		new DemoDataInitializer(https, this.accounts, new JdbcRegisteredClientRepository(this.jdbcOperations),
				PASSWORD_ENCODER, TestClientSecretEncoders.withTestKey(),
				new ClientMetadataValidator(false, KNOWN_SCOPES))
			.afterSingletonsInstantiated();

		assertThat(this.jdbc.sql("SELECT redirect_uris FROM oauth2_registered_client WHERE client_id = 'demo-web'")
			.query(String.class)
			.single()).isEqualTo("https://client-demo.example/login/oauth2/code/demo");
	}

	/**
	 * The passwords and secrets of the file's lines, in order (demo, admin, demo-web,
	 * demo-m2m, demo-api).
	 */
	private static List<String> generatedCredentials(String text) {
		Matcher credential = Pattern.compile("(?:password|secret): (\\S+)").matcher(text);
		return credential.results().map((result) -> result.group(1)).toList();
	}

	@Test
	void startWhenInDevelopmentModeThenTheWebClientHasTheClientDemosBackChannelLogoutUri() {
		JdbcRegisteredClientRepository clients = new JdbcRegisteredClientRepository(this.jdbcOperations);
		new DemoDataInitializer(PROPERTIES, this.accounts, clients, PASSWORD_ENCODER,
				TestClientSecretEncoders.withTestKey(), DEVELOPMENT_MODE)
			.afterSingletonsInstantiated();

		assertThat(ClientMetadataMapping.metadataOf(clients.findByClientId("demo-web")).backchannelLogoutUri())
			.isEqualTo(PROPERTIES.clientDemoUrl() + "/logout/connect/back-channel/demo");
	}

	private DemoDataInitializer initializer(JdbcRegisteredClientRepository clients) {
		return new DemoDataInitializer(PROPERTIES, this.accounts, clients, PASSWORD_ENCODER,
				TestClientSecretEncoders.withTestKey(), DEVELOPMENT_MODE);
	}

}
