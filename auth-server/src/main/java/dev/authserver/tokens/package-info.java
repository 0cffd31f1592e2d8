/**
 * Tokens: the claims of access tokens (RFC 9068) and ID tokens (OpenID Connect Core),
 * their audiences (resource indicators, RFC 8707, per client), lifetimes and refresh
 * token lifetimes, and the token endpoint's metrics and audit events.
 */
package dev.authserver.tokens;
