package dev.authserver.par;

import java.util.List;

import dev.authserver.clients.ClientMetadataMapping;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The rules of the FAPI 2.0 Security Profile for the clients held to it (the
 * {@code fapi2_security_profile} client metadata of this server): their authorization
 * requests pushed ({@link AuthorizationRequestObjects#check}), their tokens
 * sender-constrained with DPoP or their certificate (here), their client authentication
 * {@code private_key_jwt} or mutual TLS (the client metadata's validator). docs/fapi.md
 * lists every requirement of the profile and how it is met.
 *
 * @see <a href= "https://openid.net/specs/fapi-security-profile-2_0-final.html">FAPI 2.0
 * Security Profile</a>
 */
public final class Fapi2SecurityProfile {

	/**
	 * The parameter the framework's token request converters put a {@code DPoP} header's
	 * proof in ({@code DPoPProofVerifier}).
	 */
	private static final String DPOP_PROOF = "dpop_proof";

	private Fapi2SecurityProfile() {
	}

	static boolean appliesTo(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(ClientMetadataMapping.FAPI2_SECURITY_PROFILE));
	}

	/**
	 * Wraps the token endpoint's providers so that a client held to the profile gets no
	 * token that is not sender-constrained (FAPI 2.0 §5.3.2.1): either its request
	 * carries a DPoP proof (RFC 9449), which the framework then verifies and binds the
	 * token to, or its tokens are bound to its certificate
	 * ({@code tls_client_certificate_bound_access_tokens}, RFC 8705 §3), for which the
	 * framework refuses a request without one.
	 */
	public static void requireSenderConstrainedTokens(List<AuthenticationProvider> providers) {
		providers.replaceAll(SenderConstrained::new);
	}

	private record SenderConstrained(AuthenticationProvider delegate) implements AuthenticationProvider {

		@Override
		public Authentication authenticate(Authentication authentication) throws AuthenticationException {
			if (authentication instanceof OAuth2AuthorizationGrantAuthenticationToken grant
					&& grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
					&& client.getRegisteredClient() != null && appliesTo(client.getRegisteredClient())
					&& grant.getAdditionalParameters().get(DPOP_PROOF) == null
					&& !client.getRegisteredClient().getTokenSettings().isX509CertificateBoundAccessTokens()) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"Tokens of this client must be bound with a DPoP proof or its certificate (FAPI 2.0 Security Profile)",
						null));
			}
			return this.delegate.authenticate(authentication);
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return this.delegate.supports(authentication);
		}

	}

}
