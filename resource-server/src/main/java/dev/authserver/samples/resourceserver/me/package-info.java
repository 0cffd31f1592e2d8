/**
 * The {@code /api/me} endpoint, which tells callers what this API sees in their access
 * token.
 */
package dev.authserver.samples.resourceserver.me;
