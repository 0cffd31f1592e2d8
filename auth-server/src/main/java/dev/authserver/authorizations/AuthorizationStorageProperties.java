package dev.authserver.authorizations;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for what is stored about issued tokens.
 *
 * @param statelessClients client ids whose client-credentials tokens are not stored: each
 * token request then writes nothing to the database, but those tokens cannot be
 * introspected ({@code active: false}) or revoked; they are only good until they expire,
 * so keep their lifetime short
 */
@ConfigurationProperties("authserver.authorizations")
public record AuthorizationStorageProperties(@DefaultValue Set<String> statelessClients) {
}
