package dev.authserver.keys;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * An RSA signing key pair with its key id and lifecycle state.
 */
record SigningKey(String kid, KeyPair keyPair, SigningKeyState state, Instant createdAt) {

	RSAKey toJwk() {
		return new RSAKey.Builder((RSAPublicKey) this.keyPair.getPublic())
			.privateKey((RSAPrivateKey) this.keyPair.getPrivate())
			.keyID(this.kid)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.issueTime(Date.from(this.createdAt))
			.build();
	}

}
