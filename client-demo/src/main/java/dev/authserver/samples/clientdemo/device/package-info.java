/**
 * The demo playing a device (RFC 8628): it asks the auth-server for a user code, shows it
 * with the address where the user enters it, polls at the interval it was given, and
 * shows the result and the access token's claims.
 */
package dev.authserver.samples.clientdemo.device;
