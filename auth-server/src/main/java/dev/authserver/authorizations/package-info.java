/**
 * The authorization store: codes, tokens and consents through the framework's JDBC
 * services, with token values stored and looked up by hash; refresh token reuse
 * detection, the cleanup of expired rows, and the signed-in user's connected apps.
 */
package dev.authserver.authorizations;
