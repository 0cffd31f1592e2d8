/**
 * Messages: their JDBC storage and the {@code /api/messages} endpoints.
 */
package dev.authserver.samples.resourceserver.messages;
