package dev.authserver.tokens;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * The {@code resource} parameter (RFC 8707): a client names the resource server a token
 * is for, at the authorization endpoint, the token endpoint or both, and the token's
 * {@code aud} is exactly that, so a token for one API is refused by another (RFC 9700
 * §2.3). A resource must be one this server knows ({@code authserver.tokens.audience} and
 * {@code authserver.tokens.resources}) and, for a client with a list of its own
 * ({@link ClientResources}), one of that list; at the token endpoint, a grant that came
 * from an authorization request naming resources may only narrow them. Without the
 * parameter the token is for the client's first resource, or else the default audience.
 */
public class ResourceIndicators {

	static final String RESOURCE = "resource";

	private static final String INVALID_TARGET = "invalid_target";

	private static final String SPEC = "https://www.rfc-editor.org/rfc/rfc8707#section-2";

	private final List<String> defaultAudience;

	/** Every resource server a client may name, in the order of the settings. */
	private final List<String> known;

	public ResourceIndicators(TokenProperties properties) {
		this.defaultAudience = List.copyOf(properties.audience());
		Set<String> known = new LinkedHashSet<>(properties.audience());
		known.addAll(properties.resources());
		this.known = List.copyOf(known);
	}

	public List<String> knownResources() {
		return this.known;
	}

	/**
	 * Refuses an authorization request naming a resource the client may not use, back at
	 * the client.
	 */
	public void checkAuthorizationRequest(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		OAuth2Error error = notAllowed(context.getRegisteredClient(), requested(request.getAdditionalParameters()));
		if (error != null) {
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, request);
		}
	}

	/**
	 * Why a client may not be limited to these resource servers, or empty when it may:
	 * each must be an absolute URI that this server knows.
	 */
	public Optional<String> invalidClientResource(List<String> resources) {
		return Optional.ofNullable(unknownResource(resources)).map(OAuth2Error::getDescription);
	}

	/**
	 * The audience of the access token being issued.
	 * @throws OAuth2AuthenticationException {@code invalid_target} for a resource the
	 * client may not use or one beyond the grant's
	 */
	List<String> audience(JwtEncodingContext context) {
		if (context.getAuthorizationGrant() instanceof OAuth2TokenExchangeAuthenticationToken exchange) {
			// The exchange's policy (dev.authserver.exchange) chose these among the
			// client's; the subject token's authorization request is another grant's.
			List<String> audience = new ArrayList<>(exchange.getResources());
			OAuth2Error error = unknownResource(audience);
			if (error != null) {
				throw new OAuth2AuthenticationException(error);
			}
			return audience;
		}
		RegisteredClient client = context.getRegisteredClient();
		List<String> authorized = authorizedResources(context.getAuthorization());
		List<String> requested = (context
			.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant)
					? requested(grant.getAdditionalParameters()) : List.of();
		OAuth2Error error = notAllowed(client, requested);
		if (error == null && !authorized.isEmpty() && !authorized.containsAll(requested)) {
			error = new OAuth2Error(INVALID_TARGET, "resource must be one of those of the authorization request", SPEC);
		}
		List<String> audience = !requested.isEmpty() ? requested
				: !authorized.isEmpty() ? authorized : defaultAudience(client);
		if (error == null) {
			// The client's list may have been narrowed since the user authorized the
			// grant.
			error = notAllowed(client, audience);
		}
		if (error != null) {
			throw new OAuth2AuthenticationException(error);
		}
		return audience;
	}

	private List<String> defaultAudience(RegisteredClient client) {
		List<String> clientResources = ClientResources.of(client);
		return clientResources.isEmpty() ? this.defaultAudience : List.of(clientResources.get(0));
	}

	/**
	 * The resources the authorization request behind this grant named, if the grant came
	 * from one.
	 */
	private static List<String> authorizedResources(OAuth2Authorization authorization) {
		OAuth2AuthorizationRequest request = (authorization != null)
				? authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		return (request != null) ? requested(request.getAdditionalParameters()) : List.of();
	}

	private OAuth2Error notAllowed(RegisteredClient client, List<String> resources) {
		OAuth2Error error = unknownResource(resources);
		List<String> clientResources = ClientResources.of(client);
		if (error == null && !clientResources.isEmpty() && !clientResources.containsAll(resources)) {
			error = new OAuth2Error(INVALID_TARGET, "resource is not one this client may use", SPEC);
		}
		return error;
	}

	private OAuth2Error unknownResource(List<String> resources) {
		for (String resource : resources) {
			if (!isAbsoluteWithoutFragment(resource)) {
				return new OAuth2Error(INVALID_TARGET, "resource must be an absolute URI without a fragment", SPEC);
			}
			if (!this.known.contains(resource)) {
				return new OAuth2Error(INVALID_TARGET, "resource is not a resource server of this authorization server",
						SPEC);
			}
		}
		return null;
	}

	/** The framework keeps a repeated parameter as an array, a single one as a string. */
	private static List<String> requested(Map<String, Object> parameters) {
		Object value = parameters.get(RESOURCE);
		if (value instanceof String resource) {
			return List.of(resource);
		}
		if (value instanceof String[] resources) {
			return new ArrayList<>(new LinkedHashSet<>(List.of(resources)));
		}
		return List.of();
	}

	private static boolean isAbsoluteWithoutFragment(String resource) {
		try {
			URI uri = new URI(resource);
			return uri.isAbsolute() && uri.getRawFragment() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
