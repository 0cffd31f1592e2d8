package dev.authserver.web;

/**
 * A page was asked about a client that is not registered; {@link ConsentController}
 * answers it on the error page.
 */
class UnknownClientException extends RuntimeException {

}
