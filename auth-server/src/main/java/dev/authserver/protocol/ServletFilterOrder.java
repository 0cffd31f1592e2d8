package dev.authserver.protocol;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * The order of the servlet filters that run before Spring Security's, the one place that
 * picks it.
 * <p>
 * Filters that share a position see disjoint requests (or, at {@code 1}, must not be
 * observed): Boot's own {@code ServerHttpObservationFilter} and
 * {@code CharacterEncodingFilter} take positions {@code 1} and {@code 0} too, after ours
 * since auto-configured beans come last, so a request answered at {@code 1} is not
 * counted in {@code http.server.requests}. Spring Session's filter follows at {@code 50},
 * and Spring Security's at {@code SecurityProperties.DEFAULT_FILTER_ORDER} ({@code -100})
 * well after.
 * <p>
 * Not a workaround itself; the filters it orders name their framework behaviour and
 * upstream issue.
 */
public enum ServletFilterOrder {

	/** First of all filters, so that everything a request logs carries its id. */
	REQUEST_ID(0),

	/**
	 * Before anything parses the path, which fails with a 500 on a path parameter that is
	 * not valid encoding, and before every guard that compares it: the filters after this
	 * one see each endpoint's path spelled one way only.
	 */
	NON_CANONICAL_PATHS(1),

	/**
	 * The JWKS is public and the hottest read: answered before the session and security
	 * filters.
	 */
	JWKS(1),

	/**
	 * The registration endpoint is open to anyone: a body too large to be client metadata
	 * goes before any parsing.
	 */
	REGISTRATION_BODY_LIMIT(1),

	/**
	 * Around everything that may read or write the database, Spring Session's filter
	 * included, and inside Boot's observation of requests, so that a request answered
	 * {@code 503} for an unreachable database is counted as such.
	 */
	DATABASE_UNAVAILABLE(2),

	/**
	 * Before the guards of the token endpoint, so that the requests they refuse are
	 * counted as errors too.
	 */
	TOKEN_ENDPOINT_METRICS(3),

	/**
	 * Repeated or unparsable parameters at the client endpoints, before anything reads
	 * one.
	 */
	DUPLICATE_PARAMETERS(4),

	/**
	 * Authorization requests of a client that has no redirect URI, which the framework
	 * answers with a 500.
	 */
	CLIENT_WITHOUT_REDIRECT_URI(4),

	/**
	 * Authorization requests whose state is too long for the redirect back, which Tomcat
	 * fails with a 500.
	 */
	LONG_STATE(4),

	/**
	 * Clients that failed to authenticate too often, before Spring Security checks any
	 * secret; after the duplicate parameters, as it reads {@code client_id}.
	 */
	CLIENT_AUTHENTICATION_THROTTLE(5),

	/**
	 * The client certificate a trusted proxy passes in a header, made the request's
	 * certificate before Spring Security authenticates the client or binds a token to it;
	 * after the token endpoint's metrics, so that a malformed header counts as an error.
	 */
	CLIENT_CERTIFICATE_HEADER(6);

	private final int offset;

	ServletFilterOrder(int offset) {
		this.offset = offset;
	}

	/** Sets this position on the registration of its filter. */
	public <T extends FilterRegistrationBean<?>> T apply(T registration) {
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + this.offset);
		return registration;
	}

}
