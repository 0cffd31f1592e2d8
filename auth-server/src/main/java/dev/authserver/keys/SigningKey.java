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
 * An RSA signing key pair with its key id and lifecycle.
 *
 * @param activatedAt when an {@code ACTIVE} key started signing, or when a {@code NEXT}
 * key is due to; else null
 * @param retiredAt when a {@code RETIRED} or {@code REVOKED} key stopped signing; else
 * null
 */
record SigningKey(String kid, KeyPair keyPair, SigningKeyState state, Instant createdAt, Instant activatedAt,
		Instant retiredAt) {

	RSAKey toJwk() {
		return new RSAKey.Builder((RSAPublicKey) this.keyPair.getPublic())
			.privateKey((RSAPrivateKey) this.keyPair.getPrivate())
			.keyID(this.kid)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.issueTime(Date.from(this.createdAt))
			.build();
	}

	SigningKey withState(SigningKeyState newState, Instant newActivatedAt, Instant newRetiredAt) {
		return new SigningKey(this.kid, this.keyPair, newState, this.createdAt, newActivatedAt, newRetiredAt);
	}

	/** What the console and the admin API show: never the private key. */
	SigningKeyView view() {
		return new SigningKeyView(this.kid, this.state, this.createdAt, this.activatedAt, this.retiredAt);
	}

}
