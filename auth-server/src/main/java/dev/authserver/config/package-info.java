/**
 * Wiring that belongs to no single feature: the two security filter chains and the response headers.
 */
package dev.authserver.config;
