/**
 * Dynamic client registration (RFC 7591 and RFC 7592) and the initial access tokens that
 * allow it; the client model itself (metadata, its validation, secrets) is
 * {@code dev.authserver.clients}', which this package calls and which knows nothing of
 * it.
 * <p>
 * The endpoint's bearer tokens are checked in its security filter chain: the framework's
 * resource server support ({@code oauth2ResourceServer} with an
 * {@code AuthenticationManagerResolver}) reads the {@code Authorization} header and
 * answers a malformed one, and
 * {@link dev.authserver.registration.RegistrationBearerTokens} looks the opaque tokens up
 * in our tables. Its errors are written by our own entry point, because the framework's
 * {@code BearerTokenAuthenticationEntryPoint} writes no JSON body and always names an RFC
 * 9728 {@code resource_metadata} document that this endpoint has none of.
 * <p>
 * The framework's own registration endpoint
 * ({@code OAuth2ClientRegistrationEndpointConfigurer}, with its
 * {@code OAuth2ClientRegistrationAuthenticationProvider}) is not used. In Spring Security
 * 7.0 its RFC 7591 filter answers only POST (the OpenID Connect one, at
 * {@code /connect/register}, adds GET), and neither answers PUT or DELETE (RFC 7592 §2.2,
 * §2.3). Its initial access token is an access token of this server with the
 * {@code client.create} scope, kept in the authorization store and invalidated after one
 * use, so expiring, revocable tokens of several uses that limit the scopes a client may
 * register (our {@code initial_access_token} table, managed in the console) do not fit.
 * Its pluggable validator ({@code OAuth2ClientRegistrationAuthenticationValidator}) would
 * check registered clients only; ours, {@code clients.ClientMetadataValidator}, checks
 * declared, registered and console clients alike and names the field at fault for the
 * console.
 */
package dev.authserver.registration;
