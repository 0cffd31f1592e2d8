/**
 * Mutual TLS (RFC 8705) for the machine-to-machine call: the client authenticates with a
 * certificate from a Boot SSL bundle instead of a secret, at the auth-server's mTLS token
 * endpoint, and presents the same certificate to the API its token is bound to.
 */
package dev.authserver.samples.clientdemo.mtls;
