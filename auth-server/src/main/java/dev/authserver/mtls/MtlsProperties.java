package dev.authserver.mtls;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mutual TLS settings.
 *
 * @param trustBundle the name of a Spring Boot SSL bundle
 * ({@code spring.ssl.bundle.pem.<name>.truststore.certificate}) whose truststore holds
 * the certificate authorities that issue {@code tls_client_auth} clients' certificates
 * (RFC 8705 §2.1); unset, no {@code tls_client_auth} client can authenticate
 */
@ConfigurationProperties("authserver.mtls")
public record MtlsProperties(String trustBundle) {
}
