/**
 * The authorization store: codes, tokens and consents kept through the framework's JDBC services.
 */
package dev.authserver.authorizations;
