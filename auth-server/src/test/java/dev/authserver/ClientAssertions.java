package dev.authserver;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.clients.ClientAssertionDecoderFactory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Client assertions as a client signs them (RFC 7523 §2.2), and the form parameters that
 * carry them.
 */
public final class ClientAssertions {

	public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private ClientAssertions() {
	}

	public static RSAKey newRsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A {@code private_key_jwt} client of the client credentials grant, RS256, with these
	 * further settings.
	 */
	public static RegisteredClient privateKeyJwtClient(ClientSettings.Builder settings) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("key-jwt-" + UUID.randomUUID())
			.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("message.read")
			.clientSettings(settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256).build())
			.build();
	}

	/**
	 * The settings of a client whose public key is {@code key}'s, registered as
	 * {@code jwks}.
	 */
	public static ClientSettings.Builder withPublicKeyOf(RSAKey key) {
		return ClientSettings.builder()
			.setting(ClientAssertionDecoderFactory.JWKS_SETTING, new JWKSet(key.toPublicJWK()).toString());
	}

	/**
	 * Valid claims for this client and audience: a fresh jti, issued now, expiring in a
	 * minute.
	 */
	public static JWTClaimsSet.Builder claims(String clientId, String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(audience)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)));
	}

	/** Signed with RS256 and the key's kid, as {@code private_key_jwt} does. */
	public static String sign(JWTClaimsSet claims, RSAKey key) {
		return sign(new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims),
				key);
	}

	/** Signed with HS256 and the client's secret, as {@code client_secret_jwt} does. */
	public static String sign(JWTClaimsSet claims, String secret) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The form of a request authenticated by {@code assertion}, with {@code client_id}
	 * when it is not null.
	 */
	public static Map<String, String> form(Map<String, String> parameters, String clientId, String assertion) {
		Map<String, String> form = new LinkedHashMap<>(parameters);
		if (clientId != null) {
			form.put("client_id", clientId);
		}
		form.put("client_assertion_type", JWT_BEARER);
		form.put("client_assertion", assertion);
		return form;
	}

	private static String sign(SignedJWT jwt, RSAKey key) {
		try {
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
