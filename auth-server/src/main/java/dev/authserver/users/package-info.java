/**
 * User accounts: their JDBC storage, password hashing, the {@code UserDetailsService} behind the login form, and the
 * admin console's user pages.
 */
package dev.authserver.users;
