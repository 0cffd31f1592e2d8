/**
 * Registered clients: JDBC storage, the start-up registration of clients declared in Boot's properties, how clients
 * authenticate (secrets, signed assertions, throttling), and the admin console's client pages.
 */
package dev.authserver.clients;
