package dev.authserver.mtls;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.authserver.clients.ClientAssertionDecoderFactory;

import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * Whether a certificate holds one of a {@code self_signed_tls_client_auth} client's
 * registered public keys (RFC 8705 §2.2): its {@code jwks}, or the JWK Set at its
 * {@code jwks_uri}, matched by the key itself or by the first certificate of a key's
 * {@code x5c}.
 * <p>
 * The framework's own verifier fetches a {@code jwks_uri} with a client of its own, to
 * any address and following redirects. Here the fetch goes through the client that
 * fetches client assertion keys: the egress rules of {@code OutboundAddressPolicy}, no
 * redirect, bounded size and time. A fetched set is kept for {@link #JWKS_LIFETIME}, as
 * client assertions keep theirs (Nimbus' default), and is fetched again sooner only when
 * the key is not in it and the set is older than {@link #REFETCH_AFTER}: a client that
 * rolled over its certificate is not locked out for minutes, and a stream of unknown
 * certificates causes at most one fetch per {@code jwks_uri} in that time.
 */
class RegisteredClientKeys {

	static final Duration JWKS_LIFETIME = Duration.ofMinutes(5);

	static final Duration REFETCH_AFTER = Duration.ofSeconds(30);

	private static final MediaType JWK_SET = new MediaType("application", "jwk-set+json");

	private final RestOperations jwksClient;

	private final Cache<String, FetchedJwks> fetched;

	private final Clock clock;

	RegisteredClientKeys(RestOperations jwksClient, long maximumSize, Clock clock) {
		this.jwksClient = jwksClient;
		this.clock = clock;
		this.fetched = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(JWKS_LIFETIME).build();
	}

	/**
	 * @return why the certificate's key is not one of the client's, or null when it is
	 */
	String refusal(RegisteredClient client, X509Certificate certificate) {
		String jwks = client.getClientSettings().getSetting(ClientAssertionDecoderFactory.JWKS_SETTING);
		if (StringUtils.hasText(jwks)) {
			try {
				return holds(JWKSet.parse(jwks), certificate.getPublicKey()) ? null
						: "the certificate's key is not in the client's jwks";
			}
			catch (ParseException ex) {
				return "the client's stored jwks is not a JWK Set";
			}
		}
		String jwksUri = client.getClientSettings().getJwkSetUrl();
		if (!StringUtils.hasText(jwksUri)) {
			return "the client has neither jwks nor jwks_uri";
		}
		try {
			FetchedJwks keys = this.fetched.get(jwksUri, this::fetch);
			if (holds(keys.set(), certificate.getPublicKey())) {
				return null;
			}
			if (keys.fetchedAt().plus(REFETCH_AFTER).isBefore(this.clock.instant())) {
				FetchedJwks again = fetch(jwksUri);
				this.fetched.put(jwksUri, again);
				if (holds(again.set(), certificate.getPublicKey())) {
					return null;
				}
			}
			return "the certificate's key is not in the client's jwks_uri";
		}
		catch (JwksUnavailableException ex) {
			return "the client's jwks_uri cannot be fetched: " + ex.getMessage();
		}
	}

	private FetchedJwks fetch(String jwksUri) {
		ResponseEntity<String> response;
		try {
			response = this.jwksClient
				.exchange(RequestEntity.get(jwksUri).accept(MediaType.APPLICATION_JSON, JWK_SET).build(), String.class);
		}
		catch (RestClientException | IllegalArgumentException ex) {
			throw new JwksUnavailableException(ex.getMessage());
		}
		if (response.getStatusCode().value() != 200 || response.getBody() == null) {
			throw new JwksUnavailableException("status " + response.getStatusCode().value());
		}
		try {
			return new FetchedJwks(JWKSet.parse(response.getBody()), this.clock.instant());
		}
		catch (ParseException ex) {
			throw new JwksUnavailableException("not a JWK Set");
		}
	}

	private static boolean holds(JWKSet set, PublicKey key) {
		byte[] encoded = key.getEncoded();
		for (JWK jwk : set.getKeys()) {
			if (jwk.getParsedX509CertChain() != null && !jwk.getParsedX509CertChain().isEmpty()
					&& Arrays.equals(encoded, jwk.getParsedX509CertChain().get(0).getPublicKey().getEncoded())) {
				return true;
			}
			if (jwk instanceof AsymmetricJWK asymmetric) {
				try {
					if (Arrays.equals(encoded, asymmetric.toPublicKey().getEncoded())) {
						return true;
					}
				}
				catch (JOSEException ex) {
					// A key of a kind the JDK cannot build: not this one.
				}
			}
		}
		return false;
	}

	private record FetchedJwks(JWKSet set, Instant fetchedAt) {
	}

	private static final class JwksUnavailableException extends RuntimeException {

		JwksUnavailableException(String message) {
			super(message, null, false, false);
		}

	}

}
