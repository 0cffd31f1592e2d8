/**
 * The authorization-server chain's own parts: the authorization request's rules (PKCE,
 * response modes, OpenID Connect's sign-in parameters {@code prompt}, {@code max_age} and
 * {@code id_token_hint}) and its {@code iss} responses in the query or a posted form, the
 * request guards ahead of Spring Security and their order, the endpoints where clients
 * authenticate, and the one writer of protocol errors.
 * <p>
 * A guard must see every request the endpoint it guards serves. The framework matches its
 * endpoints on the decoded path ({@code /oauth2/%74oken} is the token endpoint), so the
 * first guard, {@link NonCanonicalPathFilter}, refuses every path spelled otherwise than
 * this server's URLs are (percent-encoded unreserved characters, path parameters); Tomcat
 * refuses an encoded {@code /} itself, and Spring Security's firewall the dot segments
 * and an encoded {@code %} or {@code .}. Past it, each endpoint has one spelling, and the
 * guards match it as the framework does, with {@code PathPatternRequestMatcher}
 * ({@link ClientAuthenticatedEndpoints}); a new guard placed after it by
 * {@link ServletFilterOrder} needs no more care than that.
 */
package dev.authserver.protocol;
