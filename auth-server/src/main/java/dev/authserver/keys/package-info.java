/**
 * Signing keys: their encrypted storage in the database, the key ring that signs tokens
 * and serves the JWKS, their rotation schedule, health, and admin pages and API; and the
 * primitives other features keep their secrets with: the key-encryption cipher for what
 * must stay readable, random tokens and SHA-256 for the rest.
 */
package dev.authserver.keys;
