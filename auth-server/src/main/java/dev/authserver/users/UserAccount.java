package dev.authserver.users;

import java.util.Set;

/**
 * A person who signs in at the authorization server.
 *
 * @param passwordHash the {@code DelegatingPasswordEncoder} hash, with its {@code {id}}
 * prefix
 */
public record UserAccount(String username, String passwordHash, String displayName, String email, boolean emailVerified,
		boolean enabled, Set<String> roles) {
}
