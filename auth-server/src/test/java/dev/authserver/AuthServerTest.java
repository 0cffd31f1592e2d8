package dev.authserver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A running auth-server on a free port, its issuer matching that port, on a fresh H2 file
 * database, with known (obviously fake) demo credentials and one client declared through
 * Boot's properties (with an access token lifetime beyond the server's maximum), and
 * {@link TestUsers} to create users; the machine client may introspect the tokens of the
 * default resource server. Every test class that uses it shares one server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
		"authserver.demo.user-password=" + TestClients.DEMO_USER_PASSWORD,
		"authserver.demo.admin-password=" + TestClients.ADMIN_PASSWORD,
		"authserver.demo.web-client-secret=" + TestClients.WEB_CLIENT_SECRET,
		"authserver.demo.machine-client-secret=" + TestClients.MACHINE_CLIENT_SECRET,
		"authserver.demo.api-client-secret=" + TestClients.API_CLIENT_SECRET,
		"authserver.demo.downstream-api-url=" + TestClients.OTHER_RESOURCE,
		"spring.security.oauth2.authorizationserver.client.declared.registration.client-id="
				+ TestClients.DECLARED_CLIENT_ID,
		"spring.security.oauth2.authorizationserver.client.declared.registration.client-secret={noop}"
				+ TestClients.DECLARED_CLIENT_SECRET,
		"spring.security.oauth2.authorizationserver.client.declared.registration.client-authentication-methods=client_secret_basic",
		"spring.security.oauth2.authorizationserver.client.declared.registration.authorization-grant-types=client_credentials",
		"spring.security.oauth2.authorizationserver.client.declared.registration.scopes=message.read",
		"spring.security.oauth2.authorizationserver.client.declared.token.access-token-time-to-live="
				+ TestClients.DECLARED_CLIENT_ACCESS_TOKEN_TIME_TO_LIVE,
		"authserver.authorizations.stateless-clients=" + TestClients.DECLARED_CLIENT_ID,
		// AuthenticationRequestTests: the sign-in rules of a declared client are bound
		// and stored.
		"authserver.clients.oidc.declared.default-max-age=1h",
		"authserver.clients.oidc.declared.require-auth-time=true",
		"authserver.tokens.resources=" + TestClients.OTHER_RESOURCE,
		// The machine client introspects for the default resource server: tests use it
		// to see whether other clients' tokens are still active.
		"authserver.tokens.introspection[0].resource=" + TestClients.DEFAULT_RESOURCE,
		"authserver.tokens.introspection[0].clients=" + TestClients.MACHINE_CLIENT_ID,
		// Many test classes share this server and sign in or authenticate wrongly on
		// purpose, all from
		// 127.0.0.1: LoginThrottleTests and ClientAuthenticationThrottleTests prove the
		// throttles apart.
		"authserver.login.account-free-failures=1000", "authserver.login.address-free-failures=1000",
		"authserver.client-authentication.client-free-failures=1000",
		"authserver.client-authentication.address-free-failures=1000",
		// Wrong user codes at the device verification page, from 127.0.0.1 too:
		// UserCodeThrottleTests proves the per-address throttle, with other addresses.
		"authserver.device.address-free-failures=1000", "spring.security.user.name=" + TestClients.CONFIGURED_USER,
		"spring.security.user.password=" + TestClients.CONFIGURED_USER_PASSWORD })
@ContextConfiguration(initializers = FreshServerInitializer.class)
@Import(TestUsers.class)
public @interface AuthServerTest {

}
