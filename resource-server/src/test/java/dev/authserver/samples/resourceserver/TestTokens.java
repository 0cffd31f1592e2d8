package dev.authserver.samples.resourceserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens shaped as the auth-server issues them (RFC 9068, RS256,
 * {@code typ: at+jwt}), and the hostile variants an attacker would send instead.
 */
final class TestTokens {

	static final String AUDIENCE = "http://localhost:8081";

	static final String USER = "alice";

	static final String WEB_CLIENT_ID = "demo-web";

	static final String MACHINE_CLIENT_ID = "demo-m2m";

	/** This API's own client, which exchanges tokens for the downstream API. */
	static final String API_CLIENT_ID = "demo-api";

	static final String API_CLIENT_SECRET = "api-test-secret";

	static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private TestTokens() {
	}

	static RSAKey newRsaKey() {
		return newRsaKey(UUID.randomUUID().toString());
	}

	static RSAKey newRsaKey(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The claims of a token a user obtained through the web client. */
	static JWTClaimsSet.Builder userClaims(String issuer, String... scopes) {
		return claims(issuer, USER, WEB_CLIENT_ID, scopes);
	}

	/** The claims of a client-credentials token: the client is its own subject. */
	static JWTClaimsSet.Builder machineClaims(String issuer, String... scopes) {
		return claims(issuer, MACHINE_CLIENT_ID, MACHINE_CLIENT_ID, scopes);
	}

	static String signed(RSAKey key, JWTClaimsSet.Builder claims) {
		return signed(key, AT_JWT, claims);
	}

	static String signed(RSAKey key, JOSEObjectType type, JWTClaimsSet.Builder claims) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).keyID(key.getKeyID()).build(), claims.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A validly signed token whose payload is then swapped for other claims, keeping the
	 * original signature.
	 */
	static String withPayloadReplaced(String token, JWTClaimsSet.Builder claims) {
		String[] parts = token.split("\\.");
		return parts[0] + "." + encode(claims.build().toString()) + "." + parts[2];
	}

	/** An unsecured JWT ({@code alg: none}, RFC 7519 §6) that names a trusted key. */
	static String unsecured(String kid, JWTClaimsSet.Builder claims) {
		String header = "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}";
		return encode(header) + "." + encode(claims.build().toString()) + ".";
	}

	/**
	 * HS256 with the trusted RSA public key's encoded bytes as the HMAC secret: the
	 * algorithm-confusion attack on a verifier that lets the token choose the algorithm.
	 */
	static String hmacSignedWithPublicKey(RSAKey key, JWTClaimsSet.Builder claims) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).type(AT_JWT).keyID(key.getKeyID()).build(),
					claims.build());
			jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Binds a token to a client certificate (RFC 8705 §3.1): {@code cnf: {"x5t#S256":
	 * <thumbprint>}}.
	 */
	static JWTClaimsSet.Builder boundToCertificate(JWTClaimsSet.Builder claims, String thumbprint) {
		return claims.claim("cnf", Map.of("x5t#S256", thumbprint));
	}

	/**
	 * Binds a token to a DPoP key (RFC 9449 §6.1): {@code cnf: {"jkt": <thumbprint>}}.
	 */
	static JWTClaimsSet.Builder boundToDPoPKey(JWTClaimsSet.Builder claims, ECKey key) {
		try {
			return claims.claim("cnf", Map.of("jkt", key.computeThumbprint("SHA-256").toString()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ECKey newDPoPKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A DPoP proof (RFC 9449 §4.2) of {@code key} for one request with
	 * {@code accessToken}, as a client sends it to a resource server.
	 */
	static String dpopProof(ECKey key, String method, String url, String accessToken) {
		try {
			byte[] tokenHash = MessageDigest.getInstance("SHA-256")
				.digest(accessToken.getBytes(StandardCharsets.US_ASCII));
			SignedJWT proof = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
						.jwk(key.toPublicJWK())
						.build(),
					new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
						.claim("htm", method)
						.claim("htu", url)
						.claim("ath", Base64URL.encode(tokenHash).toString())
						.issueTime(new Date())
						.build());
			proof.sign(new ECDSASigner(key));
			return proof.serialize();
		}
		catch (JOSEException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWTClaimsSet.Builder claims(String issuer, String subject, String clientId, String... scopes) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(subject)
			.audience(AUDIENCE)
			.claim("client_id", clientId)
			// RFC 9068 §2.2.3: scope is one space-separated string.
			.claim("scope", String.join(" ", scopes))
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString());
	}

	private static String encode(String json) {
		return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
