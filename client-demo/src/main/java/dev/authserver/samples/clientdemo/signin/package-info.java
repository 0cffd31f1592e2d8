/**
 * Signing in and out through the auth-server: client registrations, PKCE, OpenID Connect
 * logout.
 */
package dev.authserver.samples.clientdemo.signin;
