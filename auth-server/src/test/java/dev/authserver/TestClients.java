package dev.authserver;

/**
 * The clients and users every {@link AuthServerTest} server has, with their obviously
 * fake test credentials.
 */
public final class TestClients {

	public static final String DEMO_USER = "demo";

	public static final String DEMO_USER_PASSWORD = "demo-test-password";

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "admin-test-password";

	public static final String WEB_CLIENT_ID = "demo-web";

	public static final String WEB_CLIENT_SECRET = "web-test-secret";

	/**
	 * Where the demo clients of every test server redirect
	 * ({@code authserver.demo.client-demo-url} in the tests'
	 * config/application.properties).
	 */
	public static final String CLIENT_DEMO_URL = "https://client-demo.example";

	public static final String WEB_REDIRECT_URI = CLIENT_DEMO_URL + "/login/oauth2/code/demo";

	public static final String PUBLIC_CLIENT_ID = "demo-public";

	public static final String PUBLIC_REDIRECT_URI = CLIENT_DEMO_URL + "/login/oauth2/code/demo-public";

	public static final String MACHINE_CLIENT_ID = "demo-m2m";

	public static final String MACHINE_CLIENT_SECRET = "m2m-test-secret";

	/**
	 * The sample API's own client, which may exchange tokens (RFC 8693) for
	 * {@link #OTHER_RESOURCE} (the test server's
	 * {@code authserver.demo.downstream-api-url}).
	 */
	public static final String API_CLIENT_ID = "demo-api";

	public static final String API_CLIENT_SECRET = "api-test-secret";

	public static final String DECLARED_CLIENT_ID = "declared-m2m";

	public static final String DECLARED_CLIENT_SECRET = "declared-test-secret";

	/**
	 * Longer than the default {@code authserver.keys.max-token-lifetime} of 1 hour, which
	 * cuts it.
	 */
	public static final String DECLARED_CLIENT_ACCESS_TOKEN_TIME_TO_LIVE = "2h";

	/** The default audience of access tokens: the sample resource server. */
	public static final String DEFAULT_RESOURCE = "http://localhost:8081";

	/**
	 * A second resource server the test server knows, which clients may name with
	 * {@code resource}.
	 */
	public static final String OTHER_RESOURCE = "https://reports.example";

	public static final String CONFIGURED_USER = "configured";

	public static final String CONFIGURED_USER_PASSWORD = "configured-test-password";

	private TestClients() {
	}

}
