/**
 * The client model: client metadata and its one validator (declared, registered and
 * console clients alike), its mapping to {@code RegisteredClient}, secrets, the
 * administration service the console and the registration endpoint call, JDBC storage,
 * the start-up registration of clients declared in Boot's properties, how clients
 * authenticate (secrets, signed assertions, throttling), and the admin console's client
 * pages.
 */
package dev.authserver.clients;
