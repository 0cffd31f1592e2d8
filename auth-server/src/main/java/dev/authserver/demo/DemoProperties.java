package dev.authserver.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for the demo user and clients created on a first start.
 *
 * @param enabled whether the demo user and clients are created when missing; turn off in
 * production
 * @param userPassword the demo user's password; generated and printed once when absent
 * @param adminPassword the password of the {@code admin} user (role ADMIN); generated and
 * printed once when absent
 * @param webClientSecret the {@code demo-web} client's secret; generated and printed once
 * when absent
 * @param machineClientSecret the {@code demo-m2m} client's secret; generated and printed
 * once when absent
 * @param apiClientSecret the {@code demo-api} client's secret (the sample resource
 * server's own); generated and printed once when absent
 * @param downstreamApiUrl the downstream sample API, the audience {@code demo-api} may
 * exchange tokens for; it must be one of {@code authserver.tokens.resources}
 * @param clientDemoUrl where the client-demo app runs, for the redirect URIs of the demo
 * clients
 * @param accessTokenTimeToLive how long the access tokens of the demo clients live;
 * shorten it to watch the client demo refresh them
 * @param credentialsFile where generated credentials are written, readable by the owner
 * only; they are never printed, as standard output is a log wherever the server runs
 * unattended
 */
@ConfigurationProperties("authserver.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled, String userPassword, String adminPassword,
		String webClientSecret, String machineClientSecret, String apiClientSecret,
		@DefaultValue("http://localhost:8082") String downstreamApiUrl,
		@DefaultValue("http://127.0.0.1:8080") String clientDemoUrl, @DefaultValue("5m") Duration accessTokenTimeToLive,
		@DefaultValue("./data/demo-credentials.txt") Path credentialsFile) {
}
