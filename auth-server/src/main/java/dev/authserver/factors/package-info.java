/**
 * Second factors: one-time codes (RFC 6238) with their recovery codes, the second step of
 * a sign-in and its step-up, and who must have a second factor.
 */
package dev.authserver.factors;
