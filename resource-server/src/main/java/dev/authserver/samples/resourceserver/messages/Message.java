package dev.authserver.samples.resourceserver.messages;

import java.time.Instant;

/**
 * A stored message.
 *
 * @param id the row id
 * @param text what was said
 * @param author the {@code sub} of the access token that posted it
 * @param createdAt when it was stored
 */
record Message(long id, String text, String author, Instant createdAt) {
}
