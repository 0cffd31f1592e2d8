package dev.authserver;

import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies a JWT's RS256 signature with Nimbus against a JWKS document, as a resource
 * server would.
 */
public final class SignedJwts {

	private SignedJwts() {
	}

	/**
	 * The verified JWT; fails the test when the key is unknown or the signature does not
	 * verify.
	 */
	public static SignedJWT verify(String jwt, String jwksJson) {
		try {
			SignedJWT signed = SignedJWT.parse(jwt);
			if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
				throw new AssertionError("Not RS256: " + signed.getHeader().getAlgorithm());
			}
			RSAKey key = (RSAKey) JWKSet.parse(jwksJson).getKeyByKeyId(signed.getHeader().getKeyID());
			if (key == null) {
				throw new AssertionError("The JWKS has no key with kid " + signed.getHeader().getKeyID());
			}
			if (!signed.verify(new RSASSAVerifier(key))) {
				throw new AssertionError("The signature does not verify with kid " + key.getKeyID());
			}
			return signed;
		}
		catch (ParseException | JOSEException ex) {
			throw new AssertionError("Cannot verify JWT", ex);
		}
	}

	public static JWTClaimsSet claims(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

}
