package dev.authserver.mtls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.X509ClientCertificateAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Verifies the certificate a client authenticates with, in place of the framework's
 * verifier in {@link X509ClientCertificateAuthenticationProvider} (which compares the
 * subject DN as a string, checks no chain and no date, and fetches {@code jwks_uri}
 * outside the egress rules).
 * <ul>
 * <li>{@code tls_client_auth} (RFC 8705 §2.1): the chain validates against the trust
 * bundle's certificate authorities ({@link TrustedClientCertificates}), and the client's
 * certificate carries the one value the client registered
 * ({@link RegisteredCertificateValue}).</li>
 * <li>{@code self_signed_tls_client_auth} (RFC 8705 §2.2): the certificate is signed by
 * its own key, is within its validity dates, and holds one of the client's registered
 * keys ({@link RegisteredClientKeys}).</li>
 * </ul>
 * Every refusal is {@code invalid_client}, which the provider's caller answers with 401
 * and audits and throttles as any failed client authentication; the reason goes to the
 * debug log only.
 */
public class ClientCertificateVerifier implements Consumer<OAuth2ClientAuthenticationContext> {

	private static final Logger log = LoggerFactory.getLogger(ClientCertificateVerifier.class);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8705#section-2";

	private final TrustedClientCertificates trustedCertificates;

	private final RegisteredClientKeys clientKeys;

	private final Clock clock;

	ClientCertificateVerifier(TrustedClientCertificates trustedCertificates, RegisteredClientKeys clientKeys,
			Clock clock) {
		this.trustedCertificates = trustedCertificates;
		this.clientKeys = clientKeys;
		this.clock = clock;
	}

	@Override
	public void accept(OAuth2ClientAuthenticationContext context) {
		OAuth2ClientAuthenticationToken authentication = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		X509Certificate[] chain = (X509Certificate[]) authentication.getCredentials();
		String refusal = (chain == null || chain.length == 0) ? "no certificate"
				: ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH
					.equals(authentication.getClientAuthenticationMethod()) ? selfSignedRefusal(client, chain[0])
							: tlsClientAuthRefusal(client, chain);
		if (refusal != null) {
			log.debug("Certificate of client {} refused ({}): {}", client.getClientId(),
					authentication.getClientAuthenticationMethod().getValue(), refusal);
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"Client authentication failed: the client certificate is not accepted", ERROR_URI));
		}
	}

	private String tlsClientAuthRefusal(RegisteredClient client, X509Certificate[] chain) {
		RegisteredCertificateValue registered = RegisteredCertificateValue.of(client);
		if (registered == null) {
			return "the client registered no certificate value";
		}
		String untrusted = this.trustedCertificates.refusal(chain);
		if (untrusted != null) {
			return untrusted;
		}
		return registered.matches(chain[0]) ? null
				: "the certificate does not carry the registered " + registered.kind();
	}

	private String selfSignedRefusal(RegisteredClient client, X509Certificate certificate) {
		if (!certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
			return "the certificate is not self-signed";
		}
		try {
			certificate.verify(certificate.getPublicKey());
			certificate.checkValidity(Date.from(this.clock.instant()));
		}
		catch (GeneralSecurityException ex) {
			return "the certificate is not signed by its own key or is outside its validity: " + ex.getMessage();
		}
		return this.clientKeys.refusal(client, certificate);
	}

}
