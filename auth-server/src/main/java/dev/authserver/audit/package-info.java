/**
 * The audit log and the authentication meters: security events recorded as they happen,
 * kept in the database for the retention period and shown in the admin console, and
 * sign-ins and client authentications counted by outcome.
 */
package dev.authserver.audit;
