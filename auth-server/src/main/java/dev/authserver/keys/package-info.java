/**
 * Signing keys: their encrypted storage in the database and the JWK source that signs tokens and serves the JWKS;
 * and the key-encryption cipher, which also protects the secrets other features must store readable.
 */
package dev.authserver.keys;
