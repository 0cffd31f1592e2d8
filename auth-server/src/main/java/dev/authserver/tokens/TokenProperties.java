package dev.authserver.tokens;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for the tokens the server issues.
 *
 * @param audience the default {@code aud} of access tokens: the resource servers they are meant for when the client
 * names none with the {@code resource} parameter (RFC 9068 §3, RFC 8707)
 * @param resources further resource servers a client may name with the {@code resource} parameter, besides those
 * of {@code audience}
 */
@Validated
@ConfigurationProperties("authserver.tokens")
public record TokenProperties(@DefaultValue("http://localhost:8081") @NotEmpty List<String> audience,
		@DefaultValue List<String> resources) {
}
