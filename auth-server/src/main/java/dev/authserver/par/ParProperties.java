package dev.authserver.par;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of pushed authorization requests, from {@code authserver.par}.
 *
 * @param required whether every client's authorization requests must be pushed first (RFC
 * 9126 §5, {@code require_pushed_authorization_requests} in the metadata); a client can
 * also require it for itself alone
 */
@ConfigurationProperties("authserver.par")
public record ParProperties(@DefaultValue("false") boolean required) {
}
