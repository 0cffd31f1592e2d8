/**
 * The protocol's own pages: login, consent, home and the browser error page.
 */
package dev.authserver.web;
