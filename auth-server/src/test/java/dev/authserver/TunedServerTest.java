package dev.authserver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@link AuthServerTest} server with short limits and development mode, which the test
 * classes that prove those settings share: one server instead of one each. A setting here
 * must not get in the way of another class that uses it: each class signs in wrongly,
 * authenticates wrongly or waits out refresh tokens only with accounts and clients the
 * others leave alone (LoginThrottleTests locks and clears the admin,
 * ClientAuthenticationThrottleTests throttles the demo machine client,
 * RefreshTokenIdleTimeoutTests uses its portal client, ClientAssertionTests and
 * BackChannelLogoutTests register clients of their own for each test). Its password
 * encoder counts the passwords it checks ({@link CountingPasswordEncoder}), for
 * LoginThrottleTests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AuthServerTest
@Import(CountingPasswordEncoder.Wrapping.class)
@TestPropertySource(properties = {
		// ClientAssertionTests: the jwks_uri tests serve keys from this machine, which
		// only development mode lets
		// the server fetch.
		"authserver.registration.allow-http-localhost=true",
		// LoginThrottleTests: an account name locks after two failures, for a few
		// seconds.
		"authserver.login.account-free-failures=2", "authserver.login.address-free-failures=1000",
		"authserver.login.first-lock=3s",
		// UserCodeThrottleTests: an address is throttled after three wrong user codes,
		// each test from an address of its own.
		"authserver.device.address-free-failures=3",
		// ClientAuthenticationThrottleTests: a client id is throttled after three
		// failures.
		"authserver.client-authentication.client-free-failures=3",
		"authserver.client-authentication.address-free-failures=1000", "authserver.client-authentication.window=1m",
		// RefreshTokenIdleTimeoutTests: refresh tokens expire after a few seconds unused,
		// and the portal client.
		"authserver.tokens.refresh-token-idle-timeout=" + RefreshTokenIdleTimeoutTests.IDLE_SECONDS + "s",
		RefreshTokenIdleTimeoutTests.PORTAL + "client-id=" + RefreshTokenIdleTimeoutTests.PORTAL_CLIENT_ID,
		RefreshTokenIdleTimeoutTests.PORTAL + "client-secret={noop}" + RefreshTokenIdleTimeoutTests.PORTAL_SECRET,
		RefreshTokenIdleTimeoutTests.PORTAL + "client-authentication-methods=client_secret_basic",
		RefreshTokenIdleTimeoutTests.PORTAL + "authorization-grant-types=authorization_code,refresh_token",
		RefreshTokenIdleTimeoutTests.PORTAL + "redirect-uris=" + RefreshTokenIdleTimeoutTests.PORTAL_REDIRECT_URI,
		RefreshTokenIdleTimeoutTests.PORTAL + "scopes=openid,message.read",
		"spring.security.oauth2.authorizationserver.client.portal.require-proof-key=true",
		"spring.security.oauth2.authorizationserver.client.portal.require-authorization-consent=true",
		"authserver.tokens.client-resources.portal=" + TestClients.OTHER_RESOURCE,
		// BackChannelLogoutTests: deliveries looked for, and retried, every half second.
		"authserver.sessions.logout-delivery.interval=500ms",
		"authserver.sessions.logout-delivery.first-retry-after=500ms" })
public @interface TunedServerTest {

}
