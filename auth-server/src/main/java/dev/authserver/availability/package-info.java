/**
 * What the server does while its database cannot be reached: the requests that need it
 * answer {@code 503} with {@code temporarily_unavailable} and {@code Retry-After} instead
 * of a {@code 500}, the log says so once instead of a stack trace per request, and
 * everything works again as soon as the database is back, without a restart.
 */
package dev.authserver.availability;
