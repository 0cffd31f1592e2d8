package dev.authserver.samples.clientdemo.dpop;

import java.net.URI;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signs this app instance's DPoP proofs (RFC 9449 §4) with its one EC P-256 key, whose
 * private part never leaves the JVM. Neither the auth-server nor the sample API asks for
 * a {@code DPoP-Nonce} (RFC 9449 §8, §9), so proofs carry none.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9449">RFC 9449</a>
 */
public final class DPoPProofSigner {

	/** The request header that carries a proof (RFC 9449 §4.1). */
	private static final String DPOP_HEADER = "DPoP";

	private final DPoPProofFactory proofs;

	/**
	 * A signer with a key of its own, made now and kept in memory only: each app instance
	 * has one, so the tokens bound to it are useless to any other instance.
	 */
	public static DPoPProofSigner withNewKey() {
		try {
			return new DPoPProofSigner(new ECKeyGenerator(Curve.P_256).generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("No EC P-256 key could be generated for DPoP", ex);
		}
	}

	DPoPProofSigner(ECKey key) {
		try {
			this.proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("The DPoP key cannot sign ES256", ex);
		}
	}

	/**
	 * The {@code DPoP} header of a token request: the auth-server binds the tokens it
	 * issues to this key (RFC 9449 §5), and answers {@code token_type} {@code DPoP}.
	 */
	public HttpHeaders tokenRequestHeaders(AbstractOAuth2AuthorizationGrantRequest grantRequest) {
		URI tokenEndpoint = URI.create(grantRequest.getClientRegistration().getProviderDetails().getTokenUri());
		HttpHeaders headers = new HttpHeaders();
		headers.set(DPOP_HEADER, sign(HttpMethod.POST, tokenEndpoint, null));
		return headers;
	}

	/**
	 * Puts an access token on a request the way its type requires: a DPoP-bound token as
	 * {@code Authorization: DPoP} with a fresh proof for this very method, URL and token
	 * (RFC 9449 §7.1), which the API checks and refuses to accept as a bearer token; any
	 * other as {@code Authorization: Bearer} (RFC 6750 §2.1).
	 */
	public void present(OAuth2AccessToken accessToken, HttpMethod method, URI uri, HttpHeaders headers) {
		if (OAuth2AccessToken.TokenType.DPOP.equals(accessToken.getTokenType())) {
			headers.set(HttpHeaders.AUTHORIZATION,
					OAuth2AccessToken.TokenType.DPOP.getValue() + " " + accessToken.getTokenValue());
			headers.set(DPOP_HEADER, sign(method, uri, accessToken));
		}
		else {
			headers.setBearerAuth(accessToken.getTokenValue());
		}
	}

	/**
	 * A proof JWT ({@code typ: dpop+jwt}, ES256, the public key as {@code jwk}) with a
	 * new {@code jti}, {@code htm}, {@code htu}, {@code iat} and, towards an API, the
	 * token's hash as {@code ath}.
	 */
	private String sign(HttpMethod method, URI uri, OAuth2AccessToken accessToken) {
		// htu is the URL without its query and fragment (RFC 9449 §4.2).
		URI htu = UriComponentsBuilder.fromUri(uri).replaceQuery(null).fragment(null).build(true).toUri();
		try {
			return ((accessToken != null)
					? this.proofs.createDPoPJWT(method.name(), htu, new DPoPAccessToken(accessToken.getTokenValue()))
					: this.proofs.createDPoPJWT(method.name(), htu))
				.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("A DPoP proof could not be signed", ex);
		}
	}

}
