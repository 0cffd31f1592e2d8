/**
 * Pushed authorization requests (RFC 9126) and signed request objects (JAR, RFC 9101):
 * the one place that decides which {@code request} and {@code request_uri} an
 * authorization request may carry ({@link AuthorizationRequestObjects}), the framework's
 * pushed authorization request endpoint as this server runs it, the verification of
 * request objects with the client's own keys, and the single use of their {@code jti}.
 */
package dev.authserver.par;
