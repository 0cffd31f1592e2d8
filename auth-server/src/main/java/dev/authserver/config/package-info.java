/**
 * Wiring that belongs to no single feature: the security filter chains, the response
 * headers, request ids and observation, and the checks a production start-up must pass.
 */
package dev.authserver.config;
