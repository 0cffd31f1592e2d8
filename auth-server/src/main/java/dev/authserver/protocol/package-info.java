/**
 * The authorization-server chain's own parts: the authorization request's rules (PKCE,
 * response mode) and its {@code iss} responses, the request guards ahead of Spring
 * Security and their order, the endpoints where clients authenticate, and the one writer
 * of protocol errors.
 */
package dev.authserver.protocol;
