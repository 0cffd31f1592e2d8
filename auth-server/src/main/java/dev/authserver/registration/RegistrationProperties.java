package dev.authserver.registration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings for client registration.
 *
 * @param allowHttpLocalhost development mode: accept {@code http://localhost} redirect
 * URIs, and loopback IP literals for confidential clients too; loopback IP literals
 * ({@code http://127.0.0.1}, {@code http://[::1]}) are always accepted for public
 * clients, as native apps use them (RFC 8252 §7.3)
 * @param maxRequestSize the largest request body (a client metadata document) the
 * registration endpoint reads; larger ones are refused with 413
 */
@ConfigurationProperties("authserver.registration")
public record RegistrationProperties(@DefaultValue("false") boolean allowHttpLocalhost,
		@DefaultValue("64KB") DataSize maxRequestSize) {
}
