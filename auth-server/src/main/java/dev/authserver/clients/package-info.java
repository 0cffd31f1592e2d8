/**
 * Registered clients: JDBC storage and the start-up registration of clients declared in Boot's properties.
 */
package dev.authserver.clients;
