package dev.authserver.samples.resourceserver.messages;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/messages}.
 *
 * @param text what to say; at most 500 characters, as the {@code message.text} column
 * allows
 */
record NewMessage(@NotBlank @Size(max = 500) String text) {
}
