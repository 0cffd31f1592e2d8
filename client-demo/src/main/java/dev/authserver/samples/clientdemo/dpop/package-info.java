/**
 * Sender-constrained tokens (DPoP, RFC 9449): the app's key, its proofs at the token
 * endpoint, and access tokens presented as their type says.
 */
package dev.authserver.samples.clientdemo.dpop;
