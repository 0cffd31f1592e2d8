package dev.authserver.tokens;

import java.text.ParseException;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * The individual claims an authorization request's {@code claims} parameter asks for, in
 * the ID token and at the UserInfo endpoint. The parameter stays among the request's
 * additional parameters, which the framework stores with the authorization, so the token
 * and UserInfo requests read it from there. Only the names matter here: each claim this
 * server holds is returned as it holds it, {@code essential} or not; a {@code value} or
 * {@code values} is not matched; a claim it does not hold, or a member other than
 * {@code id_token} and {@code userinfo}, is ignored, never an error (§5.5.1). The one
 * value §5.5.1 makes binding, a {@code sub} with a {@code value}, is not enforced yet.
 *
 * @param idToken the claims asked for in the ID token
 * @param userInfo the claims asked for at the UserInfo endpoint
 * @see <a href=
 * "https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter">OpenID Connect
 * Core §5.5</a>
 */
public record RequestedClaims(Set<String> idToken, Set<String> userInfo) {

	static final String PARAMETER = "claims";

	private static final String USERINFO = "userinfo";

	private static final RequestedClaims NONE = new RequestedClaims(Set.of(), Set.of());

	/**
	 * Refuses, back at the client, an authorization request whose {@code claims} is not a
	 * JSON object with objects as its {@code id_token} and {@code userinfo} members: §5.5
	 * defines no error for it, and {@code invalid_request} is RFC 6749 §4.1.2.1's for a
	 * malformed parameter. Refusing is what tells the client its request is wrong;
	 * ignoring it would hand out fewer claims than asked without a word.
	 */
	public static void checkAuthorizationRequest(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Object claims = request.getAdditionalParameters().get(PARAMETER);
		if (claims == null) {
			return;
		}
		try {
			parse(claims);
		}
		catch (IllegalArgumentException ex) {
			OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"claims must be a JSON object as OpenID Connect Core §5.5 describes", null);
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
		}
	}

	/**
	 * The claims the authorization request behind this authorization asked for; none when
	 * it asked for none, and none for a grant without an authorization request.
	 */
	static RequestedClaims of(OAuth2Authorization authorization) {
		if (authorization == null) {
			return NONE;
		}
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		Object claims = (request != null) ? request.getAdditionalParameters().get(PARAMETER) : null;
		if (claims == null) {
			return NONE;
		}
		try {
			return parse(claims);
		}
		catch (IllegalArgumentException ex) {
			// Checked at the authorization request; an older stored request is no reason
			// to fail a token request.
			return NONE;
		}
	}

	private static RequestedClaims parse(Object claims) {
		if (!(claims instanceof String json)) {
			throw new IllegalArgumentException("claims sent more than once");
		}
		Map<String, Object> members;
		try {
			members = JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("claims is not a JSON object", ex);
		}
		return new RequestedClaims(names(members.get(OidcParameterNames.ID_TOKEN)), names(members.get(USERINFO)));
	}

	private static Set<String> names(Object member) {
		if (member == null) {
			return Set.of();
		}
		if (!(member instanceof Map<?, ?> claims)) {
			throw new IllegalArgumentException("a claims member is not an object");
		}
		for (Object request : claims.values()) {
			if (request != null && !(request instanceof Map)) {
				throw new IllegalArgumentException("an individual claim request is neither null nor an object");
			}
		}
		return Set.copyOf(claims.keySet().stream().map(String.class::cast).toList());
	}

}
