/**
 * Token contents: the claims of access tokens (RFC 9068) and ID tokens (OpenID Connect Core).
 */
package dev.authserver.tokens;
