package dev.authserver.samples.clientdemo.mtls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Set;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.Assert;

/**
 * The demo's client certificate, if it has one, and the client registrations that
 * authenticate with it ({@code tls_client_auth} or {@code self_signed_tls_client_auth}).
 * It gives the HTTP clients that present it: to the token endpoint and to the API.
 */
public final class MutualTls {

	private final SslBundle bundle;

	private final Set<String> registrationIds;

	/**
	 * @param bundle the client certificate, its key and the trusted server CAs; may be
	 * {@code null} only when no registration uses it
	 * @param registrationIds the registrations that authenticate with it
	 */
	public MutualTls(SslBundle bundle, Set<String> registrationIds) {
		Assert.isTrue(bundle != null || registrationIds.isEmpty(), "A client certificate is needed for mutual TLS");
		this.bundle = bundle;
		this.registrationIds = Set.copyOf(registrationIds);
	}

	/** No client certificate, no registration that needs one. */
	public static MutualTls none() {
		return new MutualTls(null, Collections.emptySet());
	}

	/**
	 * Whether the registration authenticates with a certificate rather than a secret.
	 */
	static boolean isMutualTls(ClientAuthenticationMethod method) {
		return ClientAuthenticationMethod.TLS_CLIENT_AUTH.equals(method)
				|| ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.equals(method);
	}

	/**
	 * Whether the registration's token requests and API calls present the certificate.
	 */
	public boolean usedBy(String registrationId) {
		return this.registrationIds.contains(registrationId);
	}

	/**
	 * An HTTP client that presents the certificate and trusts the servers the bundle's
	 * trust store names.
	 */
	public ClientHttpRequestFactory requestFactory() {
		Assert.state(this.bundle != null, "No client certificate is configured (client-demo.mtls.ssl-bundle)");
		return ClientHttpRequestFactoryBuilder.detect().build(HttpClientSettings.ofSslBundle(this.bundle));
	}

	/**
	 * The certificate's subject, to show which identity the demo presents; {@code null}
	 * without one.
	 */
	public String certificateSubject() {
		if (this.bundle == null) {
			return null;
		}
		try {
			KeyStore keyStore = this.bundle.getStores().getKeyStore();
			String alias = (this.bundle.getKey().getAlias() != null) ? this.bundle.getKey().getAlias()
					: keyStore.aliases().nextElement();
			Certificate certificate = keyStore.getCertificate(alias);
			return (certificate instanceof X509Certificate x509) ? x509.getSubjectX500Principal().getName() : null;
		}
		catch (KeyStoreException ex) {
			throw new IllegalStateException("The client certificate's key store cannot be read", ex);
		}
	}

	/**
	 * The client-credentials token requests of the mutual-TLS registrations go over mTLS
	 * to the mTLS token endpoint; the others to {@code otherwise}.
	 */
	public OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> clientCredentialsTokenResponseClient(
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> otherwise) {
		if (this.registrationIds.isEmpty()) {
			return otherwise;
		}
		return new MutualTlsClientCredentialsTokenResponseClient(requestFactory(), otherwise);
	}

}
