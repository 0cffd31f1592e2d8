/**
 * Sign-in sessions ({@code sid}) and the clients of each, kept in the database; ending a
 * session (RP-initiated logout, the sign-out form, an admin, a disabled account) in one
 * place; and telling the session's clients, by back-channel logout tokens delivered from
 * an outbox and by front-channel iframes.
 */
package dev.authserver.sessions;
