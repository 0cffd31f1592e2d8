/**
 * Signing keys: their encrypted storage in the database and the JWK source that signs tokens and serves the JWKS.
 */
package dev.authserver.keys;
