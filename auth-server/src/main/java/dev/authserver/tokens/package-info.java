/**
 * Tokens: the claims of access tokens (RFC 9068), ID tokens and UserInfo (OpenID Connect
 * Core, with its {@code claims} request parameter), their audiences (resource indicators,
 * RFC 8707, per client), lifetimes and refresh token lifetimes, and the token endpoint's
 * metrics and audit events.
 */
package dev.authserver.tokens;
