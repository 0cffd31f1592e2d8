/**
 * Wiring that belongs to no single feature: how access tokens are validated and which
 * scope each endpoint needs.
 */
package dev.authserver.samples.resourceserver.config;
