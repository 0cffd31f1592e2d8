package dev.authserver.mtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.authserver.tokens.TokenBinding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Binds access tokens to the client certificate of their token request (RFC 8705 §3):
 * {@code cnf} gets {@code x5t#S256}, the base64url SHA-256 of the certificate's DER
 * encoding, in JWT and reference tokens alike (introspection returns the stored claims).
 * <p>
 * The framework binds only the tokens of clients that authenticated with their
 * certificate ({@code tls_client_auth}, {@code self_signed_tls_client_auth}) and whose
 * {@code TokenSettings.isX509CertificateBoundAccessTokens()} is on (its
 * {@code DefaultOAuth2TokenCustomizers}, which runs before ours). This adds the other
 * cases RFC 8705 allows: a client that authenticates otherwise (a secret, an assertion,
 * or none, RFC 8705 §4's public client) and presented a certificate at the TLS layer,
 * when its setting is on or {@code authserver.mtls.bind-all-tokens} is; and it refuses a
 * token request of a client whose setting is on but that presented no certificate, with
 * {@code invalid_request}, rather than issue the unbound token that client said it would
 * never use.
 * <p>
 * A DPoP proof may come with the certificate (RFC 9449 and RFC 8705 both define
 * {@code cnf} members): the token then carries both {@code jkt} and {@code x5t#S256}, and
 * a resource server must check both.
 */
public final class CertificateBinding implements TokenBinding {

	/** RFC 8705 §3.1's confirmation method. */
	public static final String THUMBPRINT_CLAIM = "x5t#S256";

	private static final String CONFIRMATION_CLAIM = "cnf";

	private static final Logger log = LoggerFactory.getLogger(CertificateBinding.class);

	private final boolean bindAllTokens;

	CertificateBinding(boolean bindAllTokens) {
		this.bindAllTokens = bindAllTokens;
	}

	/**
	 * Adds the certificate's thumbprint to the {@code cnf} of an access token's claims
	 * when its client's tokens are bound, or refuses the request when they must be and no
	 * certificate came; leaves other tokens alone.
	 */
	@Override
	public void bind(OAuth2TokenContext context, Map<String, Object> claims) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		boolean clientBindsTokens = context.getRegisteredClient()
			.getTokenSettings()
			.isX509CertificateBoundAccessTokens();
		if (!clientBindsTokens && !this.bindAllTokens) {
			return;
		}
		X509Certificate certificate = certificate(context);
		if (certificate == null) {
			if (clientBindsTokens) {
				log.debug("Refused a token request without a client certificate, client_id={}, error=invalid_request",
						context.getRegisteredClient().getClientId());
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"This client's access tokens are bound to its certificate: "
								+ "request them over mutual TLS (RFC 8705 §3)",
						null));
			}
			return;
		}
		// A HashMap, as the framework writes it: the claims are stored with the
		// authorization, and the framework's JSON type allow-list refuses the JDK's
		// immutable maps when they are read back.
		Map<String, Object> confirmation = new HashMap<>();
		if (claims.get(CONFIRMATION_CLAIM) instanceof Map<?, ?> existing) {
			existing.forEach((name, value) -> confirmation.put(String.valueOf(name), value));
		}
		confirmation.put(THUMBPRINT_CLAIM, thumbprint(certificate));
		claims.put(CONFIRMATION_CLAIM, confirmation);
	}

	/**
	 * The certificate the client authenticated with, or else the one of the request (the
	 * TLS client's, or a trusted proxy's header's).
	 */
	private static X509Certificate certificate(OAuth2TokenContext context) {
		if (context.getAuthorizationGrant() != null
				&& context.getAuthorizationGrant().getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getCredentials() instanceof X509Certificate[] chain && chain.length > 0) {
			return chain[0];
		}
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null && request.getAttribute(ClientCertificateHeaderFilter.CERTIFICATE_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) instanceof X509Certificate[] chain && chain.length > 0) {
			return chain[0];
		}
		return null;
	}

	/** RFC 8705 §3.1: the base64url SHA-256 of the DER encoding. */
	static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot compute the thumbprint of a client certificate", ex);
		}
	}

}
