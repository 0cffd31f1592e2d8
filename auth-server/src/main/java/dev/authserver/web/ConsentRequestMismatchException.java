package dev.authserver.web;

/**
 * A consent page was asked for with a state, client or scopes that are not those of a
 * pending authorization request of the signed-in user; {@link ConsentController} answers
 * it on the error page.
 */
class ConsentRequestMismatchException extends RuntimeException {

}
