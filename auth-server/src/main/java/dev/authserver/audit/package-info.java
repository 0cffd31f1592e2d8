/**
 * The audit log: security events recorded as they happen, kept in the database for the retention period, and shown
 * in the admin console.
 */
package dev.authserver.audit;
