package dev.authserver.clients;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenID Connect sign-in rules of declared clients, which Boot's client properties
 * have no place for: by the name a client is declared under in
 * {@code spring.security.oauth2.authorizationserver.client.<name>}, its
 * {@code default_max_age} and {@code require_auth_time} (OpenID Connect Dynamic Client
 * Registration §2), as registered clients give them in their metadata. Also, apart, their
 * mutual-TLS metadata (RFC 8705), which Boot's client properties have no place for
 * either.
 *
 * @param signIn the rules of each declared client, by its name
 * @param mutualTls the certificate a {@code tls_client_auth} client is matched by, and
 * whether the client's access tokens are bound to its certificate, by the name of each
 * declared client that has any
 */
@ConfigurationProperties("authserver.clients")
public record ClientSignInProperties(@DefaultValue Map<String, SignInRules> signIn,
		@DefaultValue Map<String, MutualTls> mutualTls) {

	/**
	 * @param defaultMaxAge the {@code max_age} of the client's requests that name none:
	 * whole seconds, from 1 second to a year; none when unset
	 * @param requireAuthTime whether its ID tokens must carry {@code auth_time} (they
	 * always do)
	 */
	public record SignInRules(Duration defaultMaxAge, boolean requireAuthTime) {
	}

	/**
	 * A declared client's RFC 8705 metadata. A {@code tls_client_auth} client has exactly
	 * one of the five values (§2.1.2); no other client has any.
	 *
	 * @param subjectDn {@code tls_client_auth_subject_dn}, as RFC 4514 writes it
	 * @param sanDns {@code tls_client_auth_san_dns}
	 * @param sanUri {@code tls_client_auth_san_uri}
	 * @param sanIp {@code tls_client_auth_san_ip}
	 * @param sanEmail {@code tls_client_auth_san_email}
	 * @param certificateBoundAccessTokens
	 * {@code tls_client_certificate_bound_access_tokens} (§3.4)
	 */
	public record MutualTls(String subjectDn, String sanDns, String sanUri, String sanIp, String sanEmail,
			boolean certificateBoundAccessTokens) {
	}

}
