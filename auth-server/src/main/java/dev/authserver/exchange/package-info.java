/**
 * The token exchange grant (RFC 8693): a service trades the token it was called with for
 * a narrower one to call the next service, naming itself as the actor, within the policy
 * an operator set for it.
 */
package dev.authserver.exchange;
