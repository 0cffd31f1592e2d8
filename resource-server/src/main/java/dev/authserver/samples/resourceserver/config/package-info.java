/**
 * Wiring that belongs to no single feature: how access tokens are validated, which scope
 * each endpoint needs, and which client certificates the HTTPS listener accepts.
 */
package dev.authserver.samples.resourceserver.config;
