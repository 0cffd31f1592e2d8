/**
 * User accounts: their JDBC storage, password hashing and the {@code UserDetailsService} behind the login form.
 */
package dev.authserver.users;
