/**
 * Demo data for a first start: a user and three clients, so a new user can try every flow
 * at once.
 */
package dev.authserver.demo;
