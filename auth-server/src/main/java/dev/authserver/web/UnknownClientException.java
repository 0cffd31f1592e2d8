package dev.authserver.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A page was asked about a client that is not registered.
 */
@ResponseStatus(code = HttpStatus.BAD_REQUEST, reason = "[invalid_request] unknown client")
class UnknownClientException extends RuntimeException {

}
