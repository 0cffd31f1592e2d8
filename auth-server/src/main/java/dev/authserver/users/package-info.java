/**
 * User accounts: their JDBC storage, password hashing and policy, the
 * {@code UserDetailsService} behind the login form, brute-force protection of sign-ins,
 * the user declared in Boot's {@code spring.security.user.*}, and the admin console's
 * user pages.
 */
package dev.authserver.users;
