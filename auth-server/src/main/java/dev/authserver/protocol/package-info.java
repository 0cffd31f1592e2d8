/**
 * The authorization-server chain's own parts: request validators, the request guards ahead of it and the one writer
 * of protocol errors.
 */
package dev.authserver.protocol;
