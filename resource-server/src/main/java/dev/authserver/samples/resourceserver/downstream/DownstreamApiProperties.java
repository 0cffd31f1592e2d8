package dev.authserver.samples.resourceserver.downstream;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the downstream sample API is.
 *
 * @param downstreamApiUrl its base URL, which the auth-server's policy for this API's
 * client names as the audience of the exchanged tokens
 */
@ConfigurationProperties("resource-server")
record DownstreamApiProperties(@DefaultValue("http://localhost:8082") URI downstreamApiUrl) {
}
