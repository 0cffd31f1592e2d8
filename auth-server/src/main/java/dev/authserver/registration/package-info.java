/**
 * Dynamic client registration (RFC 7591 and RFC 7592) and the initial access tokens that allow it.
 */
package dev.authserver.registration;
