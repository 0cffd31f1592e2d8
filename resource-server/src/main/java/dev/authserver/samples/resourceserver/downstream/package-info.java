/**
 * Calls the downstream sample API for the caller, with a token exchanged for it (RFC
 * 8693) in which this API is the actor.
 */
package dev.authserver.samples.resourceserver.downstream;
