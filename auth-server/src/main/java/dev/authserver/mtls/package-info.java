/**
 * Mutual TLS (RFC 8705): the listener that asks clients for a certificate, the
 * certificate a trusted TLS-terminating proxy passes in a header, the binding of tokens
 * to the certificate they were requested with, and how clients authenticate with
 * certificates ({@code tls_client_auth} against the trust bundle's authorities,
 * {@code self_signed_tls_client_auth} against the client's registered keys).
 */
package dev.authserver.mtls;
