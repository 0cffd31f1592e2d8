package dev.authserver.samples.clientdemo.api;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the client demo.
 *
 * @param resourceServerUrl where the resource-server's API is
 */
@ConfigurationProperties("client-demo")
public record ClientDemoProperties(@DefaultValue("http://localhost:8081") URI resourceServerUrl) {
}
