/**
 * Mutual TLS (RFC 8705): the listener that asks clients for a certificate, the
 * certificate a trusted TLS-terminating proxy passes in a header, and the binding of
 * tokens to the certificate they were requested with.
 */
package dev.authserver.mtls;
