/**
 * Signing keys: their encrypted storage in the database, the key ring that signs tokens and serves the JWKS, their
 * rotation schedule, health, and admin pages and API; and the key-encryption cipher, which also protects the secrets
 * other features must store readable.
 */
package dev.authserver.keys;
