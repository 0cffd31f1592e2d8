/**
 * The downstream sample API: its security, and one endpoint that shows an exchanged
 * token's {@code sub}, {@code act} and {@code aud}.
 */
package dev.authserver.samples.downstreamapi;
