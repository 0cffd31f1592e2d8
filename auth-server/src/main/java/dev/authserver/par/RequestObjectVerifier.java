package dev.authserver.par;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.authserver.clients.ClientAssertionDecoderFactory;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Verifies a request object (RFC 9101): signed by the client with the key of its signed
 * client assertions (never {@code none}, never encrypted), issued by it for this server,
 * with a bounded life and a {@code jti}; and reads the authorization request's parameters
 * from its claims.
 */
class RequestObjectVerifier {

	/** The parameter of RFC 9101 §5.1, which the framework names not. */
	static final String REQUEST = "request";

	/** RFC 9101 §10.8: "invalid_request_object". */
	static final String INVALID_REQUEST_OBJECT = "invalid_request_object";

	/** How far ahead a request object may expire, and how old its {@code nbf} may be. */
	static final Duration MAX_LIFETIME = Duration.ofMinutes(60);

	/** As for client assertions: the clocks of client and server may differ this much. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc9101#section-6.3";

	/**
	 * The JWT's own claims (RFC 7519 §4.1), which are no authorization request
	 * parameters.
	 */
	private static final Set<String> JWT_CLAIMS = Set.of(JwtClaimNames.ISS, JwtClaimNames.SUB, JwtClaimNames.AUD,
			JwtClaimNames.EXP, JwtClaimNames.NBF, JwtClaimNames.IAT, JwtClaimNames.JTI);

	private final ClientAssertionDecoderFactory keys;

	private final String issuer;

	private final Clock clock;

	RequestObjectVerifier(ClientAssertionDecoderFactory keys, String issuer, Clock clock) {
		this.keys = keys;
		this.issuer = issuer;
		this.clock = clock;
	}

	/**
	 * The request object's parameters, and what its single use needs.
	 * @throws OAuth2AuthenticationException with {@code invalid_request_object}
	 */
	RequestObject verify(String requestObject, RegisteredClient client) {
		JWT parsed = parse(requestObject);
		if (!(parsed instanceof SignedJWT)) {
			// RFC 9101 §6.1 allows encrypted objects; this server has no key to decrypt
			// them with, and an unsigned object proves nothing.
			throw invalid("The request object must be signed, and not encrypted");
		}
		Jwt jwt;
		try {
			jwt = this.keys.signatureVerifier(client).decode(requestObject);
		}
		catch (JwtException | OAuth2AuthenticationException ex) {
			throw invalid("The request object's signature cannot be verified with the client's key");
		}
		checkClaims(jwt, client.getClientId());
		return new RequestObject(parameters(jwt.getClaims()), jwt.getId(), jwt.getExpiresAt().plus(CLOCK_SKEW));
	}

	/**
	 * The claims of a request object not verified, to send its error back to the
	 * registered redirect URI it names; empty when it is no JWT at all.
	 */
	static Map<String, String[]> unverifiedParameters(String requestObject) {
		try {
			return parameters(JWTParser.parse(requestObject).getJWTClaimsSet().getClaims());
		}
		catch (ParseException | RuntimeException ex) {
			return Map.of();
		}
	}

	private void checkClaims(Jwt jwt, String clientId) {
		// RFC 9101 §4: iss is the client; aud the authorization server, by its issuer.
		if (!clientId.equals(jwt.getClaimAsString(JwtClaimNames.ISS))) {
			throw invalid("The request object's iss must be the client_id");
		}
		List<String> audience = jwt.getAudience();
		if (audience == null || !audience.contains(this.issuer)) {
			throw invalid("The request object's aud must be this server's issuer");
		}
		Object objectClientId = jwt.getClaims().get(OAuth2ParameterNames.CLIENT_ID);
		if (objectClientId != null && !clientId.equals(objectClientId)) {
			// RFC 9101 §5: the client_id of the query and of the object must match.
			throw invalid("The request object's client_id is not the request's");
		}
		Instant now = this.clock.instant();
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt == null || expiresAt.isBefore(now.minus(CLOCK_SKEW))) {
			throw invalid("The request object must have an exp in the future");
		}
		if (expiresAt.isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
			throw invalid("The request object must expire within " + MAX_LIFETIME.toMinutes() + " minutes");
		}
		Instant notBefore = jwt.getNotBefore();
		if (notBefore != null && (notBefore.isAfter(now.plus(CLOCK_SKEW))
				|| notBefore.isBefore(now.minus(MAX_LIFETIME).minus(CLOCK_SKEW)))) {
			throw invalid("The request object's nbf must be in the last " + MAX_LIFETIME.toMinutes() + " minutes");
		}
		String jti = jwt.getId();
		if (!StringUtils.hasText(jti) || jti.length() > JdbcUsedRequestObjects.MAX_JTI_LENGTH) {
			throw invalid("The request object must have a jti of at most " + JdbcUsedRequestObjects.MAX_JTI_LENGTH
					+ " characters");
		}
		if (jwt.hasClaim(REQUEST) || jwt.hasClaim(OAuth2ParameterNames.REQUEST_URI)) {
			throw invalid("A request object cannot hold request or request_uri");
		}
	}

	/**
	 * The claims as request parameters: strings as they are, numbers and booleans as
	 * text, JSON objects (the {@code claims} parameter) as JSON; arrays have no spelling
	 * in a query, so they are left out.
	 */
	private static Map<String, String[]> parameters(Map<String, Object> claims) {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		claims.forEach((name, value) -> {
			if (JWT_CLAIMS.contains(name)) {
				return;
			}
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				parameters.put(name, new String[] { value.toString() });
			}
			else if (value instanceof Map<?, ?> object) {
				@SuppressWarnings("unchecked")
				Map<String, ?> json = (Map<String, ?>) object;
				parameters.put(name, new String[] { JSONObjectUtils.toJSONString(json) });
			}
		});
		return parameters;
	}

	private static JWT parse(String requestObject) {
		try {
			return JWTParser.parse(requestObject);
		}
		catch (ParseException ex) {
			throw invalid("The request object is not a JWT");
		}
	}

	static OAuth2AuthenticationException invalid(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(INVALID_REQUEST_OBJECT, description, ERROR_URI));
	}

	/**
	 * @param parameters the authorization request's, which are the object's claims
	 * @param jti what it is known by, once used
	 * @param keepUntil until when it could still be presented
	 */
	record RequestObject(Map<String, String[]> parameters, String jti, Instant keepUntil) {
	}

}
