package dev.authserver.tokens;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The scopes this server issues. A client may be given only these, whether it is
 * registered at the endpoint, in the console or declared, so no token carries a scope
 * that no resource server and no consent page knows.
 *
 * @param known every scope a client may have: the OpenID Connect scopes this server
 * serves claims for, and the scopes of its resource servers (by default the sample API's)
 * @param registrationDefault what a client registered with an initial access token that
 * lists no scopes may ask for; each must be one of {@code known}. A token that lists
 * scopes allows those instead
 */
@Validated
@ConfigurationProperties("authserver.scopes")
public record ScopeProperties(@DefaultValue( {
		"openid", "profile", "email", "message.read", "message.write" }) @NotEmpty Set<String> known,
		@DefaultValue({ "openid", "profile", "email", "message.read" }) @NotEmpty Set<String> registrationDefault){

	public ScopeProperties {
		Set<String> unknown = new LinkedHashSet<>(registrationDefault);
		unknown.removeAll(known);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("authserver.scopes.registration-default names scopes " + unknown
					+ " that are not in authserver.scopes.known " + known);
		}
	}

}
