package dev.authserver.passkeys;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the WebAuthn relying party that passkeys are registered with.
 *
 * @param rpId the relying party id passkeys are bound to: the issuer's host, or a
 * registrable suffix of it (a passkey made for {@code example.com} works on
 * {@code login.example.com}); by default the issuer's host. Changing it later makes every
 * registered passkey unusable.
 * @param rpName the name authenticators show the user next to the passkey
 * @param allowedOrigins the origins (scheme, host and port) whose pages may register and
 * use passkeys; by default the issuer's origin. Each must be on the relying party id's
 * host or one of its subdomains.
 */
@ConfigurationProperties("authserver.passkeys")
public record PasskeyProperties(String rpId, @DefaultValue("Auth Server") String rpName,
		@DefaultValue Set<String> allowedOrigins) {

}
