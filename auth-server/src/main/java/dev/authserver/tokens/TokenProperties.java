package dev.authserver.tokens;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings for the tokens the server issues.
 *
 * @param audience the {@code aud} of access tokens: the resource servers they are meant for (RFC 9068 §3)
 */
@Validated
@ConfigurationProperties("authserver.tokens")
public record TokenProperties(@DefaultValue("http://localhost:8081") @NotEmpty List<String> audience) {
}
