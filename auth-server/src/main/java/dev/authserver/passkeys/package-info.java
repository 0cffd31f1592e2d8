/**
 * Passkeys (WebAuthn): registering, listing, renaming and removing them on the account
 * page and in the console, and signing in with one alone, through Spring Security's
 * WebAuthn relying party and its JDBC repositories.
 */
package dev.authserver.passkeys;
