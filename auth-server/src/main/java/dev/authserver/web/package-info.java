/**
 * The protocol's own pages: login, consent, home, the signed-in user's connected apps and
 * the browser error page.
 */
package dev.authserver.web;
