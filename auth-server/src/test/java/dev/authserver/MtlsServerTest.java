package dev.authserver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@link AuthServerTest} server with mutual TLS on: its mTLS listener on a free port
 * ({@code MtlsListener#port()} tells which) with a certificate {@link TestPki} made at
 * start-up ({@link MtlsServerInitializer}), and the trust anchors of
 * {@code tls_client_auth}. The one server of all mTLS tests.
 * <p>
 * Its only trusted proxy is {@code 127.0.0.2}, so that tests that call from
 * {@code 127.0.0.1} are untrusted callers, and a proxy that connects from
 * {@code 127.0.0.2} (nginx's {@code proxy_bind}) is trusted.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AuthServerTest
@ContextConfiguration(initializers = { FreshServerInitializer.class, MtlsServerInitializer.class })
@TestPropertySource(
		properties = { "authserver.mtls.port=0", "authserver.mtls.ssl-bundle=" + MtlsServerInitializer.SERVER_BUNDLE,
				"authserver.mtls.trust-bundle=" + MtlsServerInitializer.CLIENT_TRUST_BUNDLE,
				"server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.2" })
public @interface MtlsServerTest {

}
