/**
 * Mutual TLS (RFC 8705): how clients authenticate with certificates
 * ({@code tls_client_auth} against configured trust anchors,
 * {@code self_signed_tls_client_auth} against the client's registered keys).
 */
package dev.authserver.mtls;
