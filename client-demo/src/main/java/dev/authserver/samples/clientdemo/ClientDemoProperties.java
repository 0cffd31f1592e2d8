package dev.authserver.samples.clientdemo;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the client demo.
 *
 * @param resourceServerUrl where the resource-server's API is
 * @param downstreamApiUrl where the downstream API behind it is, which the demo calls
 * with the user's own token only to show that it refuses it
 * @param dpop whether the demo's tokens are sender-constrained with DPoP
 * @param mtls the client certificate of registrations that authenticate with one
 * @param device the device page's client
 */
@ConfigurationProperties("client-demo")
public record ClientDemoProperties(@DefaultValue("http://localhost:8081") URI resourceServerUrl,
		@DefaultValue("http://localhost:8082") URI downstreamApiUrl, @DefaultValue Dpop dpop, @DefaultValue Mtls mtls,
		@DefaultValue Device device) {

	/**
	 * DPoP (RFC 9449), on by default as RFC 9700 §2.2 recommends sender-constrained
	 * tokens.
	 *
	 * @param enabled whether token requests carry a proof of the demo's key, so the
	 * auth-server binds the access tokens to that key and the API accepts them only with
	 * a fresh proof; off, the demo gets plain bearer tokens
	 */
	public record Dpop(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Mutual TLS (RFC 8705) for registrations whose {@code client-authentication-method}
	 * is {@code tls_client_auth} or {@code self_signed_tls_client_auth}.
	 *
	 * @param sslBundle the Boot SSL bundle ({@code spring.ssl.bundle.*}) whose key store
	 * holds the client certificate and its key, and whose trust store the auth-server's
	 * and the API's server certificates; unset, no registration may use those methods
	 */
	public record Mtls(String sslBundle) {
	}

	/**
	 * The device page (RFC 8628).
	 *
	 * @param clientId the public client it plays, which the auth-server's demo data
	 * registers
	 */
	public record Device(@DefaultValue("demo-device") String clientId) {
	}

}
