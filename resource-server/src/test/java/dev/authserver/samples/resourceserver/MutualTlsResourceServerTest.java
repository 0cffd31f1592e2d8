package dev.authserver.samples.resourceserver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The API as {@link ResourceServerTest} runs it, but over HTTPS on its random port,
 * asking callers for a client certificate ({@code server.ssl.client-auth=want}). One
 * application for all mutual-TLS test classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = MutualTlsApiInitializer.class)
@interface MutualTlsResourceServerTest {

}
