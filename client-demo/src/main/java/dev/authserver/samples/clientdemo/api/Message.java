package dev.authserver.samples.clientdemo.api;

import java.time.Instant;

/**
 * A message as the resource-server returns it.
 */
public record Message(long id, String text, String author, Instant createdAt) {
}
