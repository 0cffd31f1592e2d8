/**
 * A sample API protected by the auth-server's access tokens, which it reaches only over
 * HTTP (issuer URL, JWKS).
 */
package dev.authserver.samples.resourceserver;
